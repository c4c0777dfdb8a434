// The real binary meets a database it must not touch: read-only, written by a
// newer Scribe, or locked by another process. Each time it says so in one line
// on stderr, exits 1, and leaves the file exactly as it was.
#include <sys/stat.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using scribe::test::ProcessResult;
using scribe::test::read_file;
using scribe::test::TempDir;
using scribe::test::write_file;

namespace {

constexpr uid_t kNobody = 65534;

// Like run_process, but when the tests run as root the child drops to
// nobody first: root writes through any file mode, so a read-only file is
// only read-only for somebody else.
ProcessResult run_unprivileged(const std::vector<std::string>& argv, const fs::path& cwd) {
  if (::geteuid() != 0) return scribe::test::run_process(argv, "", cwd);
  TempDir io;
  ::chmod(io.path().c_str(), 0755);
  return scribe::test::run_child(argv,
                                 {"/dev/null", io / "stdout", io / "stderr", cwd, {}, kNobody});
}

// A data dir with a real database in it, made by the binary itself.
struct DataDir {
  TempDir root;
  fs::path data = root / "data";
  fs::path db = data / "scribe.db";
  fs::path config = root / "scribe.toml";
  fs::path transcript = root / "t.txt";

  DataDir() {
    ::chmod(root.path().c_str(), 0755);  // reachable for nobody (see run_unprivileged)
    write_file(config, "data_dir = \"" + data.string() + "\"\n");
    write_file(transcript, "2026-03-12T10:00:00Z dana: /incident start Search is slow\n");
    auto made = scribe({"replay", transcript.string()});
    INFO(made.err);
    REQUIRE(made.exit_code == 0);
    REQUIRE(fs::exists(db));
    // Fold the WAL back into the file, so the file alone is the database.
    SQLite::Database(db.string(), SQLite::OPEN_READWRITE).exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  ProcessResult scribe(std::vector<std::string> args) const {
    args.insert(args.begin(), scribe::test::scribe_binary());
    args.insert(args.end(), {"--config", config.string()});
    return scribe::test::run_process(args, "", root.path());
  }
  ProcessResult scribe_unprivileged(std::vector<std::string> args) const {
    args.insert(args.begin(), scribe::test::scribe_binary());
    args.insert(args.end(), {"--config", config.string()});
    return run_unprivileged(args, root.path());
  }
};

// One line on stderr, starting "scribe: " (sanitizer reports would add more).
void check_one_line_error(const ProcessResult& r) {
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 1);
  REQUIRE_FALSE(r.err.empty());
  CHECK(r.err.back() == '\n');
  CHECK(r.err.find('\n') == r.err.size() - 1);
  CHECK_THAT(r.err, Catch::StartsWith("scribe: "));
}

int user_version(const fs::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
  return d.execAndGet("PRAGMA user_version").getInt();
}

}  // namespace

TEST_CASE("a database from a newer Scribe is refused and left as it was",
          "[integration][storage-limits]") {
  DataDir dir;
  const int supported = user_version(dir.db);
  const int newer = supported + 5;
  {
    SQLite::Database d(dir.db.string(), SQLite::OPEN_READWRITE);
    d.exec("PRAGMA user_version = " + std::to_string(newer));
  }
  const std::string before = read_file(dir.db);

  for (const auto& command : std::vector<std::vector<std::string>>{
           {"actions"}, {"replay", dir.transcript.string()}, {"draft", "1"}}) {
    auto r = dir.scribe(command);
    INFO(command[0]);
    check_one_line_error(r);
    CHECK_THAT(r.err, Catch::Contains(dir.db.string()) &&
                          Catch::Contains("schema version " + std::to_string(newer)) &&
                          Catch::Contains("newer than this Scribe") &&
                          Catch::Contains("upgrade Scribe"));
  }
  CHECK(user_version(dir.db) == newer);
  CHECK(read_file(dir.db) == before);
}

TEST_CASE("a read-only database file is refused, not written", "[integration][storage-limits]") {
  DataDir dir;
  ::chmod(dir.db.c_str(), 0444);
  const std::string before = read_file(dir.db);
  auto r = dir.scribe_unprivileged({"replay", dir.transcript.string()});
  check_one_line_error(r);
  CHECK_THAT(r.err, Catch::Contains(dir.db.string()) && Catch::Contains("read-only"));
  CHECK(read_file(dir.db) == before);
}

TEST_CASE("a read-only data dir is refused with the reason", "[integration][storage-limits]") {
  DataDir dir;
  fs::remove_all(dir.data);
  fs::create_directories(dir.data);
  ::chmod(dir.data.c_str(), 0555);
  // replay makes the database (draft and actions only read one that exists).
  auto r = dir.scribe_unprivileged({"replay", dir.transcript.string()});
  check_one_line_error(r);
  CHECK_THAT(r.err, Catch::Contains(dir.db.string()) &&
                        (Catch::Contains("writable") || Catch::Contains("read-only") ||
                         Catch::Contains("Permission denied")));
  CHECK_FALSE(fs::exists(dir.db));
}

TEST_CASE("a database another process holds locked is reported, not waited on forever",
          "[integration][storage-limits]") {
  DataDir dir;
  const std::string before = read_file(dir.db);
  // Another process holds the database: exclusive locking mode keeps even
  // readers out (in WAL mode a plain BEGIN EXCLUSIVE would still let them read).
  SQLite::Database holder(dir.db.string(), SQLite::OPEN_READWRITE);
  holder.exec("PRAGMA locking_mode = EXCLUSIVE");
  holder.exec("BEGIN EXCLUSIVE");
  holder.exec("CREATE TABLE held_by_test (x)");

  const auto start = std::chrono::steady_clock::now();
  auto r = dir.scribe({"actions"});
  const auto waited = std::chrono::steady_clock::now() - start;
  check_one_line_error(r);
  CHECK_THAT(r.err, Catch::Contains(dir.db.string()) && Catch::Contains("locked") &&
                        Catch::Contains("another process holds it"));
  CHECK(waited < std::chrono::seconds(30));

  holder.exec("ROLLBACK");
  holder.exec("PRAGMA locking_mode = NORMAL");
  holder.exec("SELECT 1 FROM incidents LIMIT 1");  // NORMAL takes effect at the next access
  CHECK(read_file(dir.db) == before);
  auto after = dir.scribe({"actions"});
  INFO(after.err);
  CHECK(after.exit_code == 0);
}
