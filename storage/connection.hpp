// One open SQLite database with the settings Scribe relies on, a cache of
// prepared statements, and the transaction depth shared by every repository.
// Internal to storage/.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/wal_checkpointer.hpp"

namespace scribe::storage {

// A prepared statement borrowed for one use. It is reset when the Query goes
// away, so no half-read statement keeps a read transaction (and the WAL) pinned.
class Query {
 public:
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  SQLite::Statement& operator*() { return *statement_; }
  SQLite::Statement* operator->() { return statement_; }

 private:
  friend class Connection;
  Query(SQLite::Statement& cached, bool& in_use);
  explicit Query(std::unique_ptr<SQLite::Statement> one_off);

  std::unique_ptr<SQLite::Statement> one_off_;
  SQLite::Statement* statement_;
  bool* in_use_ = nullptr;
};

class Connection {
 public:
  // Opens `path` (":memory:" for a private in-memory database), applies the
  // connection settings and migrates the schema. Throws StorageError.
  explicit Connection(const std::string& path);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const std::string& path() const { return path_; }
  // The background checkpointer of an on-disk database; null in memory.
  const WalCheckpointer* checkpointer() const { return checkpointer_.get(); }
  SQLite::Database& database() { return database_; }

  // `sql` must be a string literal: statements are cached by its address,
  // which is stable for a literal and cheaper to hash than its text.
  Query prepare(const char* sql);

  // Runs `work` atomically. The outermost call is a BEGIN IMMEDIATE
  // transaction; nested calls are savepoints inside it.
  void transaction(const std::function<void()>& work);

 private:
  struct CachedStatement {
    SQLite::Statement statement;
    bool in_use = false;
  };

  void run_outermost(const std::function<void()>& work);
  void run_nested(const std::function<void()>& work);
  // `begin`, the work, `end`; on an exception, the `undo` statements (when
  // the transaction is still open) and the exception goes on.
  void run_between(const char* begin, const char* end, std::initializer_list<const char*> undo,
                   const std::function<void()>& work);

  std::string path_;
  SQLite::Database database_;
  std::unordered_map<const char*, std::unique_ptr<CachedStatement>> statements_;
  int transaction_depth_ = 0;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // files only; stops before database_ closes
};

}  // namespace scribe::storage
