#include "storage/wal_checkpointer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <memory>
#include <utility>

namespace scribe::storage {

WalCheckpointer::WalCheckpointer(std::string path, std::chrono::milliseconds every)
    : path_(std::move(path)), every_(every), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t WalCheckpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

void WalCheckpointer::run() {
  std::unique_ptr<SQLite::Database> database;
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
    lock.unlock();
    int wal_frames = 0;
    int moved = 0;
    try {
      // Opened lazily and kept: the writer's connection made the file and the WAL.
      if (!database) {
        database = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READWRITE);
        // A connection learns the file is in WAL mode on its first read.
        database->execAndGet("PRAGMA journal_mode");
      }
      // A failed checkpoint (busy, I/O) is tried again next time; meanwhile
      // the writer's auto-checkpoint, set high, keeps the WAL bounded.
      sqlite3_wal_checkpoint_v2(database->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                &wal_frames, &moved);
    } catch (const SQLite::Exception&) {
      database.reset();
    }
    lock.lock();
    if (moved > 0) ++checkpoints_;
  }
}

}  // namespace scribe::storage
