#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using scribe::test::bare_incident;
using scribe::test::instant;

namespace {

struct Boom {};

core::ActionItem item(std::int64_t incident) {
  core::ActionItem a;
  a.incident = incident;
  a.owner = "U-sam";
  a.description = "follow up";
  a.created_at = instant(0);
  return a;
}

// What another process would see: a separate connection to the same file.
std::int64_t committed_incidents(const std::string& path) {
  SQLite::Database peer(path, SQLite::OPEN_READONLY);
  return peer.execAndGet("SELECT count(*) FROM incidents").getInt64();
}

}  // namespace

TEST_CASE("a transaction that throws leaves nothing behind", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto record_everything_then_fail = [&] {
    const auto number = store->incidents().create(bare_incident("C1"));
    core::TimelineEntry entry;
    entry.incident = number;
    entry.text = "declared";
    store->timeline().add(entry);
    store->actions().add(item(number));
    store->drafts().add(number, instant(0), "# draft");
    throw Boom{};
  };
  CHECK_THROWS_AS(store->transaction(record_everything_then_fail), Boom);
  CHECK(store->incidents().list(true).empty());
  CHECK(store->timeline().list(1).empty());
  CHECK(store->actions().list_all(true).empty());
  CHECK_FALSE(store->drafts().latest(1));
  // The store is usable afterwards, and numbers are not used up.
  CHECK(store->incidents().create(bare_incident("C1")) == 1);
}

TEST_CASE("a transaction commits when the work returns, not before", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  auto store = storage::open_store(path);
  store->transaction([&] {
    store->incidents().create(bare_incident("C1"));
    store->transaction([&] { store->incidents().create(bare_incident("C2")); });
    CHECK(committed_incidents(path) == 0);
  });
  CHECK(committed_incidents(path) == 2);
}

TEST_CASE("a nested transaction joins the outer one", "[storage]") {
  auto store = storage::open_store(":memory:");

  SECTION("the outer one throwing undoes the inner one's work") {
    const auto inner_then_outer_fails = [&] {
      const auto number = store->incidents().create(bare_incident("C1"));
      store->transaction([&] { store->actions().add(item(number)); });
      throw Boom{};
    };
    CHECK_THROWS_AS(store->transaction(inner_then_outer_fails), Boom);
    CHECK(store->incidents().list(true).empty());
    CHECK(store->actions().list_all(true).empty());
  }

  SECTION("an inner one that throws undoes only its own work when the outer catches") {
    store->transaction([&] {
      const auto number = store->incidents().create(bare_incident("C1"));
      try {
        store->transaction([&] {
          store->actions().add(item(number));
          throw Boom{};
        });
      } catch (const Boom&) {
      }
      store->timeline().add([&] {
        core::TimelineEntry entry;
        entry.incident = number;
        entry.text = "kept";
        return entry;
      }());
    });
    CHECK(store->incidents().list(true).size() == 1);
    CHECK(store->actions().list_all(true).empty());
    CHECK(store->timeline().list(1).size() == 1);
  }

  SECTION("repository writes inside a transaction nest cleanly") {
    store->transaction([&] {
      core::Incident incident = test::full_incident();
      incident.number = store->incidents().create(incident);
      incident.whys.push_back("fourth why");
      store->incidents().update(incident);
    });
    CHECK(store->incidents().find(1)->whys.size() == 4);
  }
}
