#include "storage/sqlite_store.hpp"

#include "storage/connection.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {

// Declared in dependency order: the repositories refer to the connection, so
// they must go first when the store is destroyed.
struct SqliteStore::Parts {
  explicit Parts(const std::string& path)
      : connection(path),
        incidents(connection),
        timeline(connection),
        transcript(connection),
        actions(connection),
        drafts(connection),
        ledger(connection),
        cursors(connection),
        reminders(connection),
        pin_reactions(connection),
        signals(connection) {}

  Connection connection;
  SqliteIncidentRepository incidents;
  SqliteTimelineRepository timeline;
  SqliteTranscriptRepository transcript;
  SqliteActionItemRepository actions;
  SqliteDraftRepository drafts;
  SqliteEventLedger ledger;
  SqliteCursorRepository cursors;
  SqliteReminderLog reminders;
  SqlitePinReactionRepository pin_reactions;
  SqliteSignalRepository signals;
};

SqliteStore::SqliteStore(const std::string& path) : parts_(std::make_unique<Parts>(path)) {}
SqliteStore::~SqliteStore() = default;

core::IncidentRepository& SqliteStore::incidents() {
  return parts_->incidents;
}
core::TimelineRepository& SqliteStore::timeline() {
  return parts_->timeline;
}
core::TranscriptRepository& SqliteStore::transcript() {
  return parts_->transcript;
}
core::ActionItemRepository& SqliteStore::actions() {
  return parts_->actions;
}
core::DraftRepository& SqliteStore::drafts() {
  return parts_->drafts;
}
core::EventLedger& SqliteStore::ledger() {
  return parts_->ledger;
}
core::CursorRepository& SqliteStore::cursors() {
  return parts_->cursors;
}
core::ReminderLog& SqliteStore::reminders() {
  return parts_->reminders;
}
core::PinReactionRepository& SqliteStore::pin_reactions() {
  return parts_->pin_reactions;
}
core::SignalRepository& SqliteStore::signals() {
  return parts_->signals;
}

void SqliteStore::transaction(const std::function<void()>& work) {
  parts_->connection.transaction(work);
}

int SqliteStore::schema_version() {
  return schema::current_version(parts_->connection.database());
}

std::unique_ptr<core::Store> open_store(const std::string& path) {
  return std::make_unique<SqliteStore>(path);
}

int supported_schema_version() {
  return schema::supported_version();
}

}  // namespace scribe::storage
