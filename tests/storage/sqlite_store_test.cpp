#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "storage/sqlite_store.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using scribe::test::check_same;
using scribe::test::instant;
namespace fs = std::filesystem;

namespace {

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int user_version(const std::string& path) {
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  return raw.execAndGet("PRAGMA user_version").getInt();
}

bool can_write(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

// Makes a file unwritable for this process. Permission bits do not stop root
// (tests often run as root in containers), so fall back to the immutable flag.
class ReadOnlyFile {
 public:
  explicit ReadOnlyFile(fs::path path) : path_(std::move(path)) {
    fs::permissions(path_, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    if (can_write(path_)) immutable_ = set_immutable(true);
  }
  ~ReadOnlyFile() {
    if (immutable_) set_immutable(false);
    fs::permissions(path_, fs::perms::owner_all);
  }
  bool in_effect() const { return !can_write(path_); }

 private:
  bool set_immutable(bool on) {
    const int fd = ::open(path_.c_str(), O_RDONLY);
    if (fd < 0) return false;
    int flags = 0;
    bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
    done = done && ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    ::close(fd);
    return done;
  }

  fs::path path_;
  bool immutable_ = false;
};

}  // namespace

TEST_CASE("everything stored survives closing and reopening the file", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  core::Incident incident = test::full_incident();
  {
    auto store = storage::open_store(path);
    incident.number = store->incidents().create(incident);
    core::TimelineEntry entry;
    entry.incident = incident.number;
    entry.kind = core::EntryKind::milestone;
    entry.milestone = core::Milestone::impact;
    entry.at = instant(0);
    entry.text = "impact";
    store->timeline().add(entry);
    core::TranscriptLine line;
    line.incident = incident.number;
    line.message_id = "m1";
    line.text = "hello";
    store->transcript().add(line);
    core::ActionItem item;
    item.incident = incident.number;
    item.description = "add alert";
    store->actions().add(item);
    store->drafts().add(incident.number, instant(0), "# draft");
  }
  CHECK(fs::exists(path));
  auto store = storage::open_store(path);
  check_same(*store->incidents().find(incident.number), incident);
  REQUIRE(store->timeline().list(incident.number).size() == 1);
  CHECK(store->timeline().list(incident.number)[0].milestone == core::Milestone::impact);
  CHECK(store->transcript().find(incident.number, "m1")->text == "hello");
  CHECK(store->actions().find(1)->description == "add alert");
  CHECK(store->drafts().latest(incident.number)->markdown == "# draft");
  // Numbering carries on where it left off.
  CHECK(store->incidents().create(test::bare_incident("C9")) == incident.number + 1);
}

TEST_CASE("a file database is migrated once and reopening changes nothing", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  {
    auto store = storage::SqliteStore(path);
    CHECK(store.schema_version() == storage::supported_schema_version());
    store.incidents().create(test::bare_incident("C1"));
  }
  for (int reopen = 0; reopen < 3; ++reopen) {
    storage::SqliteStore store(path);
    CHECK(store.schema_version() == storage::supported_schema_version());
    CHECK(store.incidents().list(true).size() == 1);
  }
  CHECK(user_version(path) == storage::supported_schema_version());
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("a database from a newer Scribe is refused and left untouched", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "future.db").string();
  const int newer = storage::supported_schema_version() + 3;
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE incidents (whatever TEXT)");
    raw.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  const std::string before = contents(path);

  const std::string expected =
      "database schema version " + std::to_string(newer) + " is newer than this Scribe (" +
      std::to_string(storage::supported_schema_version()) + "); upgrade Scribe";
  CHECK_THROWS_WITH(storage::open_store(path), Catch::Contains(expected) && Catch::Contains(path));
  CHECK_THROWS_AS(storage::open_store(path), storage::SchemaTooNewError);

  CHECK(user_version(path) == newer);
  CHECK(contents(path) == before);
}

TEST_CASE("a file that is not a database is refused, naming the file", "[storage]") {
  test::TempDir dir;
  const fs::path path = dir / "notes.txt";
  std::ofstream(path) << std::string(4096, 'x');
  CHECK_THROWS_AS(storage::open_store(path.string()), storage::StorageError);
  CHECK_THROWS_WITH(storage::open_store(path.string()),
                    Catch::Contains(path.string()) && Catch::Contains("not a database"));
  CHECK(contents(path) == std::string(4096, 'x'));
}

TEST_CASE("a database in a missing directory is refused, naming the file", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "no-such-dir" / "scribe.db").string();
  CHECK_THROWS_WITH(storage::open_store(path), Catch::Contains(path));
  CHECK_FALSE(fs::exists(dir / "no-such-dir"));
}

TEST_CASE("a read-only database file is refused with a clear reason", "[storage]") {
  test::TempDir dir;
  const fs::path path = dir / "scribe.db";
  storage::open_store(path.string())->incidents().create(test::bare_incident("C1"));
  ReadOnlyFile read_only(path);
  if (!read_only.in_effect()) {
    WARN("cannot make a file read-only for this process here; nothing to test");
    return;
  }
  CHECK_THROWS_AS(storage::open_store(path.string()), storage::StorageError);
  CHECK_THROWS_WITH(storage::open_store(path.string()),
                    Catch::Contains(path.string()) && Catch::Contains("read-only"));
}
