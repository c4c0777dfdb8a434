#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/schema_rewind.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using scribe::test::instant;

namespace {

core::Signal signal(const std::string& key, std::int64_t at_ms) {
  core::Signal s;
  s.source = "alertmanager";
  s.key = key;
  s.kind = core::SignalKind::alert;
  s.at = instant(at_ms);
  s.services = {"checkout", "api"};
  s.name = "HighErrorRate";
  s.text = "HighErrorRate firing: 5xx above 1/s";
  s.incident = 4;
  s.severity = core::Severity::p1;
  return s;
}

}  // namespace

TEST_CASE("kept signals come back whole, once per key, oldest first, and are forgotten when old",
          "[storage][signals]") {
  auto store = storage::open_store(":memory:");
  auto& signals = store->signals();
  const auto late = signal("b", 60'000);
  const auto early = signal("a", 0);
  signals.keep(late, instant(61'000));
  signals.keep(early, instant(1'000));
  auto again = early;
  again.text = "changed";
  signals.keep(again, instant(2'000));  // a re-send: kept as it was
  core::Signal plain;
  plain.source = "generic";
  plain.key = "deploy-1";
  plain.kind = core::SignalKind::deploy;
  plain.at = instant(30'000);
  plain.text = "Deploy";
  signals.keep(plain, instant(30'000));

  const auto kept = signals.kept_since(instant(0));
  REQUIRE(kept.size() == 3);
  CHECK(kept[0] == early);
  CHECK(kept[1] == plain);  // no services, no incident, no severity
  CHECK(kept[2] == late);
  CHECK(signals.kept_since(instant(30'001)).size() == 1);
  CHECK(signals.forget_before(instant(30'000)) == 1);
  CHECK(signals.kept_since(instant(0)).size() == 2);
}

TEST_CASE("the timeline says whether a signal and a counting milestone are on it",
          "[storage][signals]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(test::bare_incident("C1"));
  core::TimelineEntry e;
  e.incident = incident;
  e.kind = core::EntryKind::milestone;
  e.milestone = core::Milestone::detected;
  e.at = instant(0);
  e.recorded_at = instant(0);
  e.source_message = "alertmanager:a";
  e.signal = "Alertmanager: HighErrorRate";
  e.id = store->timeline().add(e);
  CHECK(store->timeline().list(incident)[0] == e);
  CHECK(store->timeline().has_signal(incident, "alertmanager:a"));
  CHECK_FALSE(store->timeline().has_signal(incident, "alertmanager:b"));
  CHECK(store->timeline().has_milestone(incident, core::Milestone::detected));
  CHECK_FALSE(store->timeline().has_milestone(incident, core::Milestone::acknowledged));
  e.struck_at = instant(5);
  e.struck_by = "dana";
  store->timeline().update(e);
  CHECK_FALSE(store->timeline().has_milestone(incident, core::Milestone::detected));
  // A pinned message with the same id is not a signal.
  core::TimelineEntry pin = e;
  pin.kind = core::EntryKind::pinned;
  pin.signal.clear();
  pin.source_message = "alertmanager:c";
  store->timeline().add(pin);
  CHECK_FALSE(store->timeline().has_signal(incident, "alertmanager:c"));
}

TEST_CASE("a version 5 database gains services and signals, its lists kept", "[storage][signals]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  core::Incident incident = test::bare_incident("C1");
  {
    auto store = storage::open_store(path);
    incident.reviewers = {"sam"};
    incident.whys = {"pool ran dry"};
    incident.number = store->incidents().create(incident);
  }
  {
    // What the release with schema version 5 left.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    test::undo_signals_and_later(raw);
    raw.exec(
        "CREATE TABLE old_lists (incident INTEGER NOT NULL REFERENCES incidents (number), "
        "list TEXT NOT NULL CHECK (list IN ('affected', 'why', 'reviewer')), "
        "position INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (incident, list, position)) "
        "WITHOUT ROWID");
    raw.exec("INSERT INTO old_lists SELECT * FROM incident_list_items");
    raw.exec("DROP TABLE incident_list_items");
    raw.exec("ALTER TABLE old_lists RENAME TO incident_list_items");
    raw.exec("PRAGMA user_version = 5");
  }
  auto store = storage::open_store(path);
  auto found = *store->incidents().find(incident.number);
  CHECK(found.reviewers == incident.reviewers);
  CHECK(found.whys == incident.whys);
  found.services = {"checkout"};
  store->incidents().update(found);
  CHECK(store->incidents().find(incident.number)->services == std::vector<std::string>{"checkout"});
  store->signals().keep(signal("a", 0), instant(0));
  CHECK(store->signals().kept_since(instant(0)).size() == 1);
}
