#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/storage_fixtures.hpp"

using namespace scribe;
using scribe::test::bare_incident;
using scribe::test::check_same;
using scribe::test::full_incident;

TEST_CASE("an incident keeps every field through create and find", "[storage]") {
  auto store = storage::open_store(":memory:");
  core::Incident want = full_incident();
  want.number = store->incidents().create(want);
  auto got = store->incidents().find(want.number);
  REQUIRE(got);
  check_same(*got, want);
}

TEST_CASE("an incident with nothing optional set reads back empty, not zero", "[storage]") {
  auto store = storage::open_store(":memory:");
  core::Incident want = bare_incident("#inc");
  want.number = store->incidents().create(want);
  auto got = store->incidents().find(want.number);
  REQUIRE(got);
  check_same(*got, want);
  CHECK_FALSE(got->severity);
  CHECK_FALSE(got->closed_at);
  CHECK_FALSE(got->snoozed_until);
}

TEST_CASE("incidents are numbered 1, 2, 3 whatever number the caller passes", "[storage]") {
  auto store = storage::open_store(":memory:");
  core::Incident incident = bare_incident("a");
  incident.number = 42;
  CHECK(store->incidents().create(incident) == 1);
  incident.channel_name = "b";
  CHECK(store->incidents().create(incident) == 2);
  incident.channel_name = "c";
  CHECK(store->incidents().create(incident) == 3);
  CHECK_FALSE(store->incidents().find(42));
  CHECK_FALSE(store->incidents().find(4));
}

TEST_CASE("update overwrites every field, lists included", "[storage]") {
  auto store = storage::open_store(":memory:");
  const std::int64_t number = store->incidents().create(full_incident());

  core::Incident changed = bare_incident("C-new");
  changed.number = number;
  changed.severity = core::Severity::p1;
  changed.status = core::IncidentStatus::closed;
  changed.lead = "U-kim";
  changed.whys = {"only why"};
  store->incidents().update(changed);
  check_same(*store->incidents().find(number), changed);

  changed.affected = {"search", "login"};
  changed.whys = {"first", "second"};
  store->incidents().update(changed);
  check_same(*store->incidents().find(number), changed);
}

TEST_CASE("updating an incident that does not exist is refused", "[storage]") {
  auto store = storage::open_store(":memory:");
  core::Incident ghost = bare_incident("x");
  ghost.number = 7;
  CHECK_THROWS_AS(store->incidents().update(ghost), storage::StorageError);
  CHECK(store->incidents().list(true).empty());
}

TEST_CASE("the active incident in a channel ignores closed ones and other platforms", "[storage]") {
  auto store = storage::open_store(":memory:");
  auto& incidents = store->incidents();
  core::Incident closed = full_incident("C1");
  closed.status = core::IncidentStatus::closed;
  incidents.create(closed);
  CHECK_FALSE(incidents.find_active_in_channel("slack", "C1"));

  core::Incident resolved = full_incident("C1");
  resolved.channel_name = "second";
  const std::int64_t live = incidents.create(resolved);
  auto found = incidents.find_active_in_channel("slack", "C1");
  REQUIRE(found);
  CHECK(found->number == live);
  CHECK(found->whys == resolved.whys);

  CHECK_FALSE(incidents.find_active_in_channel("matrix", "C1"));
  CHECK_FALSE(incidents.find_active_in_channel("slack", "C2"));
}

TEST_CASE("incidents declared from a channel come newest first, closed ones left out",
          "[storage]") {
  auto store = storage::open_store(":memory:");
  auto& incidents = store->incidents();
  const auto first = incidents.create(full_incident("C1"));
  core::Incident closed = full_incident("C2");
  closed.status = core::IncidentStatus::closed;
  incidents.create(closed);
  const auto third = incidents.create(full_incident("C3"));
  core::Incident elsewhere = full_incident("C4");
  elsewhere.origin_channel = "C-random";
  incidents.create(elsewhere);

  auto found = incidents.find_active_from_origin("slack", "C-general");
  REQUIRE(found.size() == 2);
  CHECK(found[0].number == third);
  CHECK(found[1].number == first);
  CHECK(found[0].affected == full_incident().affected);
  CHECK(incidents.find_active_from_origin("matrix", "C-general").empty());
}

TEST_CASE("list gives incidents by number, with or without the closed ones", "[storage]") {
  auto store = storage::open_store(":memory:");
  auto& incidents = store->incidents();
  incidents.create(full_incident("C1"));
  core::Incident closed = bare_incident("C2");
  closed.status = core::IncidentStatus::closed;
  incidents.create(closed);
  incidents.create(bare_incident("C3"));

  auto all = incidents.list(true);
  REQUIRE(all.size() == 3);
  CHECK(all[0].number == 1);
  CHECK(all[1].number == 2);
  CHECK(all[2].number == 3);
  check_same(all[0], [] {
    auto want = full_incident("C1");
    want.number = 1;
    return want;
  }());
  CHECK(all[2].affected.empty());

  auto open = incidents.list(false);
  REQUIRE(open.size() == 2);
  CHECK(open[0].number == 1);
  CHECK(open[1].number == 3);
}

TEST_CASE("a channel name stays taken after its incident closes", "[storage]") {
  auto store = storage::open_store(":memory:");
  core::Incident incident = bare_incident("C1");
  incident.channel_name = "inc-20260312-api";
  incident.status = core::IncidentStatus::closed;
  store->incidents().create(incident);
  CHECK(store->incidents().channel_name_taken("inc-20260312-api"));
  CHECK_FALSE(store->incidents().channel_name_taken("inc-20260312-api-2"));
}

TEST_CASE("search finds the words in titles, timelines and transcripts, kept current by the database",
          "[storage][search]") {
  auto store = storage::open_store(":memory:");
  auto pool = test::bare_incident("C1");
  pool.title = "Checkout pool exhausted";
  pool.number = store->incidents().create(pool);
  auto other = test::bare_incident("C2");
  other.title = "Billing export slow";
  other.number = store->incidents().create(other);

  core::TranscriptLine line;
  line.incident = other.number;
  line.message_id = "m1";
  line.at = test::instant(0);
  line.author = line.author_name = "sam";
  line.text = "the nightly job holds a lock on the invoices table";
  store->transcript().add(line);
  core::TimelineEntry note;
  note.incident = pool.number;
  note.at = note.recorded_at = test::instant(0);
  note.text = "Connections are never returned";
  note.id = store->timeline().add(note);

  using Found = std::vector<std::int64_t>;
  CHECK(store->incidents().search("POOL") == Found{pool.number});
  CHECK(store->incidents().search("invoices table") == Found{other.number});
  CHECK(store->incidents().search("table invoices").empty());  // a phrase, in order
  CHECK(store->incidents().search("never returned") == Found{pool.number});
  // Quotes and query syntax are just words.
  CHECK_NOTHROW(store->incidents().search("\"NEAR(a b) OR *"));
  CHECK(store->incidents().search("\" OR pool").empty());

  // Edits, strikes and renames are what the search sees.
  store->transcript().edit(other.number, "m1", "the lock was on the ledger", test::instant(5));
  CHECK(store->incidents().search("invoices").empty());
  CHECK(store->incidents().search("ledger") == Found{other.number});
  note.struck_at = test::instant(9);
  note.struck_by = "dana";
  store->timeline().update(note);
  CHECK(store->incidents().search("never returned").empty());
  pool.title = "Checkout connections leaked";
  store->incidents().update(pool);
  CHECK(store->incidents().search("pool").empty());
  CHECK(store->incidents().search("leaked") == Found{pool.number});
}
