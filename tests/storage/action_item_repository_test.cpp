#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/storage_fixtures.hpp"

using namespace scribe;
using namespace std::chrono;
using scribe::test::bare_incident;
using scribe::test::check_same;
using scribe::test::instant;

namespace {

core::ActionItem item(std::int64_t incident, const std::string& description) {
  core::ActionItem a;
  a.incident = incident;
  a.owner = "U-sam";
  a.description = description;
  a.created_at = instant(60'000);
  a.created_by = "U-dana";
  return a;
}

}  // namespace

TEST_CASE("an action item keeps every field", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  core::ActionItem want = item(incident, "Alert on pool usage above 80%");
  want.due = 2026y / March / 9d;
  want.done_at = instant(86'400'000);
  want.done_by = "U-kim";
  want.suggested = true;
  want.number = store->actions().add(want);
  check_same(*store->actions().find(want.number), want);

  core::ActionItem plain = item(incident, "Raise pool size");
  plain.number = store->actions().add(plain);
  check_same(*store->actions().find(plain.number), plain);
  CHECK_FALSE(store->actions().find(plain.number)->due);
  CHECK_FALSE(store->actions().find(99));
}

TEST_CASE("action items are numbered across incidents", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto a = store->incidents().create(bare_incident("C1"));
  const auto b = store->incidents().create(bare_incident("C2"));
  CHECK(store->actions().add(item(a, "one")) == 1);
  CHECK(store->actions().add(item(b, "two")) == 2);
  CHECK(store->actions().add(item(a, "three")) == 3);

  std::vector<std::int64_t> for_a;
  for (const auto& i : store->actions().list_for_incident(a)) for_a.push_back(i.number);
  CHECK(for_a == std::vector<std::int64_t>{1, 3});
  CHECK(store->actions().list_for_incident(b).size() == 1);
}

TEST_CASE("marking an item done takes it out of the open list", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  auto& actions = store->actions();
  actions.add(item(incident, "one"));
  actions.add(item(incident, "two"));

  core::ActionItem done = *actions.find(1);
  done.done_at = instant(120'000);
  done.done_by = "U-sam";
  done.due = 2027y / January / 31d;
  actions.update(done);
  check_same(*actions.find(1), done);

  REQUIRE(actions.list_all(false).size() == 1);
  CHECK(actions.list_all(false)[0].number == 2);
  REQUIRE(actions.list_all(true).size() == 2);
  CHECK(actions.list_all(true)[0].number == 1);

  core::ActionItem ghost = item(incident, "ghost");
  ghost.number = 50;
  CHECK_THROWS_AS(actions.update(ghost), storage::StorageError);
}

TEST_CASE("an item keeps its tracker link, and is found by the tracker's key", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  core::ActionItem linked = item(incident, "Fix the query");
  linked.tracker = {core::TrackerLink::State::linked, "acme/web#41",
                    "https://github.com/acme/web/issues/41", true, ""};
  linked.number = store->actions().add(linked);
  core::ActionItem failed = item(incident, "Add a linter rule");
  failed.number = store->actions().add(failed);
  failed.tracker.state = core::TrackerLink::State::failed;
  failed.tracker.error = "404 Not Found";
  store->actions().update(failed);
  store->actions().add(item(incident, "never exported"));

  check_same(*store->actions().find(linked.number), linked);
  check_same(*store->actions().find(failed.number), failed);
  CHECK(store->actions().find_by_tracker_key("acme/web#41")->number == linked.number);
  CHECK_FALSE(store->actions().find_by_tracker_key("acme/web#4"));
  CHECK_FALSE(store->actions().find_by_tracker_key(""));  // the unexported items' key
  const auto with = store->actions().list_with_tracker();
  REQUIRE(with.size() == 2);
  CHECK(with[0].number == linked.number);
  CHECK(with[1].number == failed.number);
  CHECK(store->actions().list_tracker_work().empty());  // linked and closed there, failed: no work

  core::ActionItem asked = item(incident, "export me");
  asked.tracker.state = core::TrackerLink::State::requested;
  asked.number = store->actions().add(asked);
  core::ActionItem done_here = item(incident, "close me there");
  done_here.done_at = instant(120'000);
  done_here.tracker = {core::TrackerLink::State::linked, "acme/web#42", "", false, ""};
  done_here.number = store->actions().add(done_here);
  const auto work = store->actions().list_tracker_work();
  REQUIRE(work.size() == 2);
  CHECK(work[0].number == asked.number);
  CHECK(work[1].number == done_here.number);
}
