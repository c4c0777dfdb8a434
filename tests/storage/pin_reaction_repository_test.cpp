#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/schema_rewind.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using scribe::test::instant;

TEST_CASE("pin reactions are remembered once, per platform, and forgotten when old",
          "[storage]") {
  auto store = storage::open_store(":memory:");
  auto& pins = store->pin_reactions();
  pins.remember("matrix", "$r1", "$m1", instant(0));
  pins.remember("matrix", "$r1", "$other", instant(5));  // already known: kept as it was
  pins.remember("slack", "$r1", "$s1", instant(0));
  pins.remember("matrix", "$r2", "$m2", instant(10'000));
  CHECK(pins.target_of("matrix", "$r1") == "$m1");
  CHECK(pins.target_of("slack", "$r1") == "$s1");
  CHECK_FALSE(pins.target_of("matrix", "$r9"));
  CHECK(pins.forget_before("matrix", instant(1000)) == 1);
  CHECK_FALSE(pins.target_of("matrix", "$r1"));
  CHECK(pins.target_of("matrix", "$r2") == "$m2");
  CHECK(pins.target_of("slack", "$r1") == "$s1");
}

TEST_CASE("a version 4 database moves its matrix.reaction cursors into pin reactions",
          "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  storage::open_store(path)->cursors().put("matrix.next_batch", "s42");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("DROP TABLE pin_reactions");
    raw.exec("INSERT INTO cursors VALUES ('matrix.reaction.$r1', '$m1')");
    test::undo_signals_and_later(raw);
    raw.exec("PRAGMA user_version = 4");
  }
  auto store = storage::open_store(path);
  CHECK(store->pin_reactions().target_of("matrix", "$r1") == "$m1");
  CHECK_FALSE(store->cursors().get("matrix.reaction.$r1"));
  CHECK(store->cursors().get("matrix.next_batch") == "s42");
}
