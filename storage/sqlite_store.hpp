// The SQLite implementation of the core's Store. This header is the storage
// layer's whole public surface; SQLite itself stays behind it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "bot/core/repositories.hpp"
#include "storage/storage_error.hpp"

namespace scribe::storage {

class SqliteStore final : public core::Store {
 public:
  // Opens the database file at `path`, creating the file (not its directory)
  // when missing, and brings its schema up to date. ":memory:" gives a private
  // in-memory database. Throws StorageError (naming the path) when the file is
  // locked, read-only, not a database, or from a newer Scribe.
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  core::IncidentRepository& incidents() override;
  core::TimelineRepository& timeline() override;
  core::TranscriptRepository& transcript() override;
  core::ActionItemRepository& actions() override;
  core::DraftRepository& drafts() override;
  core::EventLedger& ledger() override;
  core::PinReactionRepository& pin_reactions() override;
  core::CursorRepository& cursors() override;
  core::ReminderLog& reminders() override;
  core::SignalRepository& signals() override;
  // Nested calls run as savepoints inside the outer transaction: nothing is
  // committed before the outermost call returns, and a nested call that throws
  // undoes only its own changes (its caller may catch and carry on).
  void transaction(const std::function<void()>& work) override;

  // The PRAGMA user_version of the open database.
  int schema_version();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

std::unique_ptr<core::Store> open_store(const std::string& path);

// The newest schema version this build knows how to read and write.
int supported_schema_version();

}  // namespace scribe::storage
