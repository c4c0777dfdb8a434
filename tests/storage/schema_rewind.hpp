// Migration tests build an old database by undoing the later steps of the
// schema: these undo the steps from version 6 (signals) on, newest first, so
// the database claims an old version without later columns that a re-run
// migration would refuse. (Version 7's full-text objects are IF NOT EXISTS.)
#pragma once

#include <SQLiteCpp/Database.h>

namespace scribe::test {

inline void undo_tracker_links(SQLite::Database& raw) {
  raw.exec("DROP INDEX action_items_tracker_work");
  raw.exec("DROP INDEX action_items_by_tracker_key");
  for (const char* column :
       {"tracker_state", "tracker_key", "tracker_url", "tracker_closed", "tracker_error"})
    raw.exec(std::string("ALTER TABLE action_items DROP COLUMN ") + column);
}

inline void undo_signals_and_later(SQLite::Database& raw) {
  undo_tracker_links(raw);
  raw.exec("DROP TABLE recent_signals");
  raw.exec("DROP INDEX timeline_signals");
  raw.exec("ALTER TABLE timeline_entries DROP COLUMN signal");
}

}  // namespace scribe::test
