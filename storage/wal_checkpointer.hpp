// Copies committed pages from the write-ahead log into the database file on a
// thread of its own, with its own connection. A checkpoint fsyncs the database
// file; done by the writer (SQLite's auto-checkpoint) it would sit between a
// commit and the ack that waits for it, every few hundred events. PASSIVE
// checkpoints never block the writer or wait for it. Internal to storage/.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace scribe::storage {

class WalCheckpointer {
 public:
  // Starts checkpointing `path` (a WAL-mode database file) every `every`.
  WalCheckpointer(std::string path, std::chrono::milliseconds every);
  ~WalCheckpointer();  // stops the thread; the last connection to close checkpoints the rest
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Checkpoints that moved pages so far (for tests).
  std::uint64_t checkpoints() const;

 private:
  void run();

  std::string path_;
  std::chrono::milliseconds every_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace scribe::storage
