#include "storage/schema.hpp"

#include <SQLiteCpp/Transaction.h>

#include <iterator>
#include <string>

#include "storage/storage_error.hpp"

namespace scribe::storage {

SchemaTooNewError::SchemaTooNewError(const std::string& path, int found_version,
                                     int supported_version)
    : StorageError("cannot open database " + path + ": database schema version " +
                   std::to_string(found_version) + " is newer than this Scribe (" +
                   std::to_string(supported_version) + "); upgrade Scribe"),
      found_version_(found_version),
      supported_version_(supported_version) {}

namespace schema {
namespace {

struct Migration {
  const char* purpose;
  const char* sql;
};

// Append only: a released step is never edited, since databases in the field
// have already run it. Step i (from 0) leaves the database at version i + 1.
//
// Times are UTC epoch milliseconds, dates 'YYYY-MM-DD', enums their
// core::to_string text. Child tables keep list order in `position`.
constexpr Migration kMigrations[] = {
    {"initial schema", R"sql(
CREATE TABLE incidents (
  number         INTEGER PRIMARY KEY,
  title          TEXT NOT NULL,
  severity       TEXT CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
  status         TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'closed')),
  platform       TEXT NOT NULL,
  channel        TEXT NOT NULL,
  channel_name   TEXT NOT NULL,
  origin_channel TEXT NOT NULL,
  declared_by    TEXT NOT NULL,
  lead           TEXT NOT NULL,
  declared_at    INTEGER NOT NULL,
  closed_at      INTEGER,
  summary        TEXT NOT NULL,
  cause          TEXT NOT NULL,
  snoozed_until  INTEGER
);
CREATE INDEX incidents_by_channel ON incidents (platform, channel);
CREATE INDEX incidents_by_origin ON incidents (platform, origin_channel);
CREATE INDEX incidents_by_channel_name ON incidents (channel_name);

-- The incident's lists (affected, whys, reviewers) in one table, so loading an
-- incident costs one query for all of them.
CREATE TABLE incident_list_items (
  incident INTEGER NOT NULL REFERENCES incidents (number),
  list     TEXT NOT NULL CHECK (list IN ('affected', 'why', 'reviewer')),
  position INTEGER NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (incident, list, position)
) WITHOUT ROWID;

CREATE TABLE timeline_entries (
  id             INTEGER PRIMARY KEY,
  incident       INTEGER NOT NULL REFERENCES incidents (number),
  kind           TEXT NOT NULL,
  milestone      TEXT,
  at             INTEGER NOT NULL,
  recorded_at    INTEGER NOT NULL,
  author         TEXT NOT NULL,
  text           TEXT NOT NULL,
  source_message TEXT NOT NULL
);
CREATE INDEX timeline_by_incident ON timeline_entries (incident, at, id);
CREATE INDEX timeline_pins ON timeline_entries (incident, source_message)
  WHERE kind = 'pinned';

-- id only records insertion order, the tie-break when two lines share `at`.
CREATE TABLE transcript_lines (
  id          INTEGER PRIMARY KEY,
  incident    INTEGER NOT NULL REFERENCES incidents (number),
  message_id  TEXT NOT NULL,
  at          INTEGER NOT NULL,
  author      TEXT NOT NULL,
  author_name TEXT NOT NULL,
  text        TEXT NOT NULL,
  edited_at   INTEGER,
  UNIQUE (incident, message_id)
);
CREATE INDEX transcript_by_time ON transcript_lines (incident, at, id);

CREATE TABLE action_items (
  number      INTEGER PRIMARY KEY,
  incident    INTEGER NOT NULL REFERENCES incidents (number),
  owner       TEXT NOT NULL,
  description TEXT NOT NULL,
  due         TEXT,
  created_at  INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  done_at     INTEGER,
  done_by     TEXT NOT NULL,
  suggested   INTEGER NOT NULL CHECK (suggested IN (0, 1))
);
CREATE INDEX action_items_by_incident ON action_items (incident, number);

CREATE TABLE draft_versions (
  incident   INTEGER NOT NULL REFERENCES incidents (number),
  version    INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  markdown   TEXT NOT NULL,
  PRIMARY KEY (incident, version)
);

CREATE TABLE applied_events (
  platform    TEXT NOT NULL,
  event_id    TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (platform, event_id)
) WITHOUT ROWID;
)sql"},
    {"stream cursors", R"sql(
CREATE TABLE cursors (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql"},
    // One row per piece of follow-through work done (a reminder sent, a nudge
    // posted, a digest published): the key of the scheduler's idempotence.
    {"reminder log", R"sql(
CREATE TABLE reminder_log (
  key  TEXT NOT NULL,
  kind TEXT NOT NULL,
  at   INTEGER NOT NULL,
  PRIMARY KEY (key, kind, at)
) WITHOUT ROWID;
)sql"},
    // Corrections: a struck entry stays in the history; declared and severity
    // entries keep the severity they set, so "the highest severity reached"
    // is read from the record rather than from the text.
    {"timeline corrections", R"sql(
ALTER TABLE timeline_entries ADD COLUMN severity TEXT CHECK (severity IN ('P1', 'P2', 'P3', 'P4'));
ALTER TABLE timeline_entries ADD COLUMN struck_at INTEGER;
ALTER TABLE timeline_entries ADD COLUMN struck_by TEXT NOT NULL DEFAULT '';
)sql"},
    // Pin reactions get a table of their own, pruned like the event ledger;
    // they were cursors named matrix.reaction.<event id>, kept forever.
    {"pin reactions", R"sql(
CREATE TABLE pin_reactions (
  platform       TEXT NOT NULL,
  reaction_event TEXT NOT NULL,
  target_message TEXT NOT NULL,
  at             INTEGER NOT NULL,
  PRIMARY KEY (platform, reaction_event)
) WITHOUT ROWID;
INSERT INTO pin_reactions (platform, reaction_event, target_message, at)
  SELECT 'matrix', substr(name, 17), value, CAST(strftime('%s', 'now') AS INTEGER) * 1000
  FROM cursors WHERE name LIKE 'matrix.reaction.%';
DELETE FROM cursors WHERE name LIKE 'matrix.reaction.%';
)sql"},
    // Signals: an incident's services (a list like its reviewers), entries a
    // machine wrote, and the unrouted signals kept for incidents declared later.
    {"signals", R"sql(
CREATE TABLE incident_list_items_v5 (
  incident INTEGER NOT NULL REFERENCES incidents (number),
  list     TEXT NOT NULL CHECK (list IN ('affected', 'why', 'reviewer', 'service')),
  position INTEGER NOT NULL,
  text     TEXT NOT NULL,
  PRIMARY KEY (incident, list, position)
) WITHOUT ROWID;
INSERT INTO incident_list_items_v5 SELECT incident, list, position, text FROM incident_list_items;
DROP TABLE incident_list_items;
ALTER TABLE incident_list_items_v5 RENAME TO incident_list_items;
ALTER TABLE timeline_entries ADD COLUMN signal TEXT NOT NULL DEFAULT '';
CREATE TABLE recent_signals (
  source      TEXT NOT NULL,
  key         TEXT NOT NULL,
  kind        TEXT NOT NULL,
  at          INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  services    TEXT NOT NULL,
  name        TEXT NOT NULL,
  text        TEXT NOT NULL,
  incident    INTEGER,
  severity    TEXT CHECK (severity IN ('P1', 'P2', 'P3', 'P4')),
  PRIMARY KEY (source, key)
) WITHOUT ROWID;
CREATE INDEX recent_signals_by_time ON recent_signals (at);
CREATE INDEX timeline_signals ON timeline_entries (incident, source_message) WHERE signal <> '';
)sql"},
    // Full-text search for the web view: titles and texts and the timeline,
    // kept by triggers (FTS5 external content, so nothing is stored twice).
    // Not the transcript: indexing every chat message in the event's commit
    // cost the Slack ingest 40% of its throughput (slack_load_bench); it is
    // searched by scanning instead. IF NOT EXISTS: a step that may run again
    // is harmless.
    {"full-text search", R"sql(
CREATE VIRTUAL TABLE IF NOT EXISTS incident_search
  USING fts5(title, summary, cause, content = 'incidents', content_rowid = 'number');
CREATE TRIGGER IF NOT EXISTS incident_search_ai AFTER INSERT ON incidents BEGIN
  INSERT INTO incident_search (rowid, title, summary, cause)
    VALUES (new.number, new.title, new.summary, new.cause);
END;
CREATE TRIGGER IF NOT EXISTS incident_search_au AFTER UPDATE OF title, summary, cause ON incidents BEGIN
  INSERT INTO incident_search (incident_search, rowid, title, summary, cause)
    VALUES ('delete', old.number, old.title, old.summary, old.cause);
  INSERT INTO incident_search (rowid, title, summary, cause)
    VALUES (new.number, new.title, new.summary, new.cause);
END;
CREATE VIRTUAL TABLE IF NOT EXISTS timeline_search
  USING fts5(text, content = 'timeline_entries', content_rowid = 'id');
CREATE TRIGGER IF NOT EXISTS timeline_search_ai AFTER INSERT ON timeline_entries BEGIN
  INSERT INTO timeline_search (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS timeline_search_ad AFTER DELETE ON timeline_entries BEGIN
  INSERT INTO timeline_search (timeline_search, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER IF NOT EXISTS timeline_search_au AFTER UPDATE OF text ON timeline_entries BEGIN
  INSERT INTO timeline_search (timeline_search, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO timeline_search (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO incident_search (incident_search) VALUES ('rebuild');
INSERT INTO timeline_search (timeline_search) VALUES ('rebuild');
)sql"},
    // Action items in the team's tracker: the export's progress, the issue's
    // key and page, and its state as last seen. Partial indexes keep the
    // tracker loop's two questions (what is left to do, which item is this
    // issue) cheap however many items there are.
    {"tracker links", R"sql(
ALTER TABLE action_items ADD COLUMN tracker_state TEXT NOT NULL DEFAULT ''
  CHECK (tracker_state IN ('', 'requested', 'creating', 'linked', 'failed'));
ALTER TABLE action_items ADD COLUMN tracker_key TEXT NOT NULL DEFAULT '';
ALTER TABLE action_items ADD COLUMN tracker_url TEXT NOT NULL DEFAULT '';
ALTER TABLE action_items ADD COLUMN tracker_closed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE action_items ADD COLUMN tracker_error TEXT NOT NULL DEFAULT '';
CREATE INDEX action_items_tracker_work ON action_items (number) WHERE tracker_state <> '';
CREATE INDEX action_items_by_tracker_key ON action_items (tracker_key) WHERE tracker_key <> '';
)sql"},
};

}  // namespace

int supported_version() {
  return static_cast<int>(std::size(kMigrations));
}

int current_version(SQLite::Database& database) {
  return database.execAndGet("PRAGMA user_version").getInt();
}

void refuse_newer(SQLite::Database& database, const std::string& path) {
  const int found = current_version(database);
  if (found > supported_version()) throw SchemaTooNewError(path, found, supported_version());
}

void migrate(SQLite::Database& database, const std::string& path) {
  for (int target = 1; target <= supported_version(); ++target) {
    // Cheap check outside a transaction: an up-to-date database takes no write lock.
    if (current_version(database) >= target) continue;
    SQLite::Transaction transaction(database, SQLite::TransactionBehavior::IMMEDIATE);
    // Another process may have migrated (or upgraded) while we waited for the lock.
    refuse_newer(database, path);
    if (current_version(database) >= target) continue;
    const Migration& step = kMigrations[target - 1];
    try {
      database.exec(step.sql);
    } catch (const SQLite::Exception& e) {
      throw StorageError(path + ": migration to schema version " + std::to_string(target) + " (" +
                         step.purpose + ") failed: " + e.what());
    }
    database.exec("PRAGMA user_version = " + std::to_string(target));
    transaction.commit();
  }
}

}  // namespace schema
}  // namespace scribe::storage
