#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using scribe::test::instant;

TEST_CASE("an event can be claimed once per platform", "[storage]") {
  auto store = storage::open_store(":memory:");
  auto& ledger = store->ledger();
  CHECK(ledger.claim("slack", "Ev01", instant(0)));
  CHECK_FALSE(ledger.claim("slack", "Ev01", instant(5000)));
  CHECK(ledger.claim("matrix", "Ev01", instant(0)));
  CHECK(ledger.claim("slack", "Ev02", instant(0)));
}

TEST_CASE("a claim survives a restart", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  REQUIRE(storage::open_store(path)->ledger().claim("slack", "Ev01", instant(0)));
  auto reopened = storage::open_store(path);
  CHECK_FALSE(reopened->ledger().claim("slack", "Ev01", instant(1000)));
}

TEST_CASE("a claim in a rolled-back transaction is forgotten, so redelivery applies it",
          "[storage]") {
  auto store = storage::open_store(":memory:");
  CHECK_THROWS(store->transaction([&] {
    REQUIRE(store->ledger().claim("slack", "Ev01", instant(0)));
    throw std::runtime_error("crash before commit");
  }));
  CHECK(store->ledger().claim("slack", "Ev01", instant(0)));
}

TEST_CASE("old claims of one platform are forgotten, others and newer ones stay", "[storage]") {
  auto store = storage::open_store(":memory:");
  auto& ledger = store->ledger();
  REQUIRE(ledger.claim("slack", "old", instant(1'000)));
  REQUIRE(ledger.claim("slack", "new", instant(9'000)));
  REQUIRE(ledger.claim("console", "replayed", instant(1'000)));
  CHECK(ledger.forget_before("slack", instant(5'000)) == 1);
  CHECK(ledger.forget_before("slack", instant(5'000)) == 0);
  CHECK(ledger.claim("slack", "old", instant(1'000)));  // forgotten: claimable again
  CHECK_FALSE(ledger.claim("slack", "new", instant(9'000)));
  CHECK_FALSE(ledger.claim("console", "replayed", instant(1'000)));
}
