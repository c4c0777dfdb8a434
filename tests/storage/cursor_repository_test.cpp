#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;

TEST_CASE("a stream cursor is stored, replaced, and survives a restart", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  {
    auto store = storage::open_store(path);
    CHECK_FALSE(store->cursors().get("matrix.next_batch"));
    store->cursors().put("matrix.next_batch", "s72594_4483_1934");
    store->cursors().put("matrix.next_batch", "s72595_4483_1934");
    CHECK(store->cursors().get("matrix.next_batch") == "s72595_4483_1934");
  }
  auto reopened = storage::open_store(path);
  CHECK(reopened->cursors().get("matrix.next_batch") == "s72595_4483_1934");
}

TEST_CASE("a cursor written in a rolled-back transaction is not kept", "[storage]") {
  auto store = storage::open_store(":memory:");
  store->cursors().put("c", "1");
  CHECK_THROWS(store->transaction([&] {
    store->cursors().put("c", "2");
    throw std::runtime_error("crash before commit");
  }));
  CHECK(store->cursors().get("c") == "1");
}
