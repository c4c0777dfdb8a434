#include "storage/connection.hpp"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "storage/schema.hpp"
#include "storage/storage_error.hpp"
#include "storage/wal_checkpointer.hpp"

namespace scribe::storage {
namespace {

// Long enough to ride out another Scribe process (e.g. `scribe draft` next to
// `scribe run`) committing; short enough that a stuck lock is reported.
constexpr int kBusyTimeoutMs = 5000;

std::string open_failure(const std::string& path, const SQLite::Exception& e) {
  std::string message = "cannot open database " + path + ": " + e.what();
  switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      message += " (another process holds it; is another Scribe running?)";
      break;
    case SQLITE_CANTOPEN:
      message += " (does its directory exist and is it writable?)";
      break;
    case SQLITE_READONLY:
      message += " (the file or its directory is read-only)";
      break;
    default:
      break;
  }
  return message;
}

SQLite::Database open_database(const std::string& path) {
  try {
    // NOMUTEX: a connection is used by one thread (the io_context's; the WAL
    // checkpointer opens its own), so SQLite's per-call mutex is pure cost:
    // 15% of the web view's list page under perf.
    return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                            kBusyTimeoutMs);
  } catch (const SQLite::Exception& e) {
    throw StorageError(open_failure(path, e));
  }
}

bool is_in_memory(const std::string& path) {
  return path.empty() || path == ":memory:";
}

}  // namespace

Query::Query(SQLite::Statement& cached, bool& in_use) : statement_(&cached), in_use_(&in_use) {
  in_use = true;
}

Query::Query(std::unique_ptr<SQLite::Statement> one_off)
    : one_off_(std::move(one_off)), statement_(one_off_.get()) {}

Query::~Query() {
  statement_->tryReset();
  if (in_use_) *in_use_ = false;
}

Connection::Connection(const std::string& path) : path_(path), database_(open_database(path)) {
  try {
    // SQLite quietly falls back to read-only when it cannot write the file;
    // say so now rather than fail on the first message of an incident.
    if (sqlite3_db_readonly(database_.getHandle(), "main") == 1)
      throw StorageError("cannot open database " + path +
                         ": the file is read-only; Scribe needs to write to it");
    // Reading the version is the first real read, so it is also where a file
    // that is not a database is noticed. Nothing is written before this check.
    schema::refuse_newer(database_, path);
    if (!is_in_memory(path)) database_.exec("PRAGMA journal_mode = WAL");
    database_.exec("PRAGMA foreign_keys = ON");
    // With WAL, NORMAL loses at most the last commits on power loss, never
    // consistency, and avoids an fsync per event.
    database_.exec("PRAGMA synchronous = NORMAL");
    if (!is_in_memory(path)) {
      // Checkpoints run on their own thread (wal_checkpointer.hpp); the
      // writer's own auto-checkpoint is only the safety net, at ~40 MB of WAL.
      database_.exec("PRAGMA wal_autocheckpoint = 10000");
    }
    schema::migrate(database_, path);
    if (!is_in_memory(path))
      checkpointer_ = std::make_unique<WalCheckpointer>(path, std::chrono::milliseconds(200));
  } catch (const SQLite::Exception& e) {
    throw StorageError(open_failure(path, e));
  }
}

Query Connection::prepare(const char* sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    auto cached =
        std::make_unique<CachedStatement>(CachedStatement{SQLite::Statement(database_, sql)});
    found = statements_.emplace(sql, std::move(cached)).first;
  }
  CachedStatement& cached = *found->second;
  // Re-entrant use (a statement needed again while still being stepped) gets
  // its own short-lived statement instead of disturbing the cached one.
  if (cached.in_use) return Query(std::make_unique<SQLite::Statement>(database_, sql));
  return Query(cached.statement, cached.in_use);
}

void Connection::transaction(const std::function<void()>& work) {
  if (transaction_depth_ == 0)
    run_outermost(work);
  else
    run_nested(work);
}

void Connection::run_outermost(const std::function<void()>& work) {
  // IMMEDIATE takes the write lock up front, so two processes cannot both read
  // and then deadlock upgrading to write.
  run_between("BEGIN IMMEDIATE", "COMMIT", {"ROLLBACK"}, work);
}

void Connection::run_nested(const std::function<void()>& work) {
  // One name suffices: savepoints nest, and ROLLBACK TO / RELEASE act on the
  // innermost one with that name.
  run_between("SAVEPOINT scribe_nested", "RELEASE scribe_nested",
              {"ROLLBACK TO scribe_nested", "RELEASE scribe_nested"}, work);
}

void Connection::run_between(const char* begin, const char* end,
                             std::initializer_list<const char*> undo,
                             const std::function<void()>& work) {
  prepare(begin)->exec();
  ++transaction_depth_;
  try {
    work();
    prepare(end)->exec();
    --transaction_depth_;
  } catch (...) {
    --transaction_depth_;
    // Some errors (disk full, I/O) already rolled the transaction back.
    if (sqlite3_get_autocommit(database_.getHandle()) == 0)
      for (const char* statement : undo) database_.tryExec(statement);
    throw;
  }
}

}  // namespace scribe::storage
