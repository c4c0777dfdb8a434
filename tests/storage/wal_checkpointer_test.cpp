#include "storage/wal_checkpointer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "storage/connection.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
namespace fs = std::filesystem;

namespace {

// Rows that made it into the database file itself: a copy of the file taken
// without its -wal holds only checkpointed pages.
std::int64_t rows_in_main_file(const fs::path& db, const fs::path& scratch) {
  fs::copy_file(db, scratch, fs::copy_options::overwrite_existing);
  SQLite::Database copy(scratch.string(), SQLite::OPEN_READONLY);
  if (!copy.tableExists("notes")) return 0;
  return copy.execAndGet("SELECT count(*) FROM notes").getInt64();
}

bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

TEST_CASE("committed pages reach the database file without the writer checkpointing", "[storage]") {
  test::TempDir dir;
  const fs::path db = dir / "scribe.db";
  storage::Connection connection(db.string());
  REQUIRE(connection.checkpointer() != nullptr);
  connection.database().exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
  // Far below the writer's own auto-checkpoint threshold (10,000 pages).
  for (int i = 0; i < 300; ++i)
    connection.transaction([&] {
      connection.database().exec("INSERT INTO notes (text) VALUES ('a line of the transcript')");
    });
  CHECK(eventually([&] { return connection.checkpointer()->checkpoints() > 0; }));
  CHECK(rows_in_main_file(db, dir / "copy.db") == 300);
  // The WAL is reused from its start once everything is in the file, so it
  // stays small however long the bot runs.
  const auto wal_after_first = fs::file_size(db.string() + "-wal");
  for (int round = 0; round < 3; ++round) {
    const auto before = connection.checkpointer()->checkpoints();
    for (int i = 0; i < 300; ++i)
      connection.transaction([&] {
        connection.database().exec("INSERT INTO notes (text) VALUES ('a line of the transcript')");
      });
    REQUIRE(eventually([&] { return connection.checkpointer()->checkpoints() > before; }));
  }
  CHECK(rows_in_main_file(db, dir / "copy.db") == 1200);
  CHECK(fs::file_size(db.string() + "-wal") <= 2 * wal_after_first);
}

TEST_CASE("an in-memory database has no checkpointer", "[storage]") {
  storage::Connection connection(":memory:");
  CHECK(connection.checkpointer() == nullptr);
}
