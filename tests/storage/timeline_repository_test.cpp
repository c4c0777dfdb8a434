#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/schema_rewind.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using scribe::test::bare_incident;
using scribe::test::check_same;
using scribe::test::instant;

namespace {

core::TimelineEntry entry(std::int64_t incident, std::int64_t at_ms, const std::string& text) {
  core::TimelineEntry e;
  e.incident = incident;
  e.kind = core::EntryKind::note;
  e.at = instant(at_ms);
  e.recorded_at = instant(at_ms + 1);
  e.author = "U-dana";
  e.text = text;
  return e;
}

}  // namespace

TEST_CASE("a timeline entry keeps every field", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));

  core::TimelineEntry milestone = entry(incident, 1000, "alert fired: pool at 100%");
  milestone.kind = core::EntryKind::milestone;
  milestone.milestone = core::Milestone::detected;
  milestone.recorded_at = instant(90'000);
  milestone.id = store->timeline().add(milestone);

  core::TimelineEntry pinned = entry(incident, 2000, "look at this graph");
  pinned.kind = core::EntryKind::pinned;
  pinned.source_message = "1773325862.000200";
  pinned.id = store->timeline().add(pinned);

  core::TimelineEntry severity = entry(incident, 3000, "Severity changed from P3 to P1");
  severity.kind = core::EntryKind::severity;
  severity.severity = core::Severity::p1;
  severity.struck_at = instant(4000);
  severity.struck_by = "U-sam";
  severity.id = store->timeline().add(severity);

  CHECK(pinned.id != milestone.id);
  auto entries = store->timeline().list(incident);
  REQUIRE(entries.size() == 3);
  check_same(entries[0], milestone);
  check_same(entries[1], pinned);
  check_same(entries[2], severity);
  CHECK_FALSE(entries[1].milestone);
  REQUIRE(store->timeline().find(severity.id));
  check_same(*store->timeline().find(severity.id), severity);
  CHECK_FALSE(store->timeline().find(severity.id + 100));
}

TEST_CASE("a timeline entry is retimed, edited and struck in place", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  core::TimelineEntry note = entry(incident, 1000, "first 503s");
  note.id = store->timeline().add(note);
  note.at = instant(-60'000);
  note.text = "first 503s, from the load balancer logs";
  note.struck_at = instant(5000);
  note.struck_by = "U-lee";
  store->timeline().update(note);
  const auto entries = store->timeline().list(incident);
  REQUIRE(entries.size() == 1);
  check_same(entries[0], note);
}

TEST_CASE("the timeline is ordered by when things happened, then by recording order", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  const auto other = store->incidents().create(bare_incident("C2"));
  auto& timeline = store->timeline();
  timeline.add(entry(incident, 5000, "late"));
  timeline.add(entry(incident, 1000, "backdated a"));
  timeline.add(entry(other, 0, "other incident"));
  timeline.add(entry(incident, 1000, "backdated b"));
  timeline.add(entry(incident, 3000, "middle"));

  std::vector<std::string> texts;
  for (const auto& e : timeline.list(incident)) texts.push_back(e.text);
  CHECK(texts == std::vector<std::string>{"backdated a", "backdated b", "middle", "late"});
  CHECK(timeline.list(other).size() == 1);
  CHECK(timeline.list(99).empty());
}

TEST_CASE("unpinning removes only the pinned entries of that message", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  const auto other = store->incidents().create(bare_incident("C2"));
  auto& timeline = store->timeline();
  core::TimelineEntry pin = entry(incident, 1000, "pinned");
  pin.kind = core::EntryKind::pinned;
  pin.source_message = "m1";
  timeline.add(pin);
  timeline.add(pin);
  core::TimelineEntry note_about_m1 = entry(incident, 1000, "a note that shares the id");
  note_about_m1.source_message = "m1";
  timeline.add(note_about_m1);
  pin.incident = other;
  timeline.add(pin);

  CHECK(timeline.remove_pinned(incident, "m1") == 2);
  CHECK(timeline.remove_pinned(incident, "m1") == 0);
  REQUIRE(timeline.list(incident).size() == 1);
  CHECK(timeline.list(incident)[0].kind == core::EntryKind::note);
  CHECK(timeline.list(other).size() == 1);
}

TEST_CASE("a timeline entry for an incident that does not exist is refused", "[storage]") {
  auto store = storage::open_store(":memory:");
  CHECK_THROWS(store->timeline().add(entry(5, 0, "orphan")));
  CHECK(store->timeline().list(5).empty());
}

TEST_CASE("a version 3 database gains the correction columns, its timeline kept", "[storage]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  core::TimelineEntry note;
  {
    auto store = storage::open_store(path);
    const auto incident = store->incidents().create(bare_incident("C1"));
    note = entry(incident, 1000, "kept through the upgrade");
    note.id = store->timeline().add(note);
  }
  {
    // What the release with schema version 3 left.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("ALTER TABLE timeline_entries DROP COLUMN severity");
    raw.exec("DROP TABLE pin_reactions");
    raw.exec("ALTER TABLE timeline_entries DROP COLUMN struck_at");
    raw.exec("ALTER TABLE timeline_entries DROP COLUMN struck_by");
    test::undo_signals_and_later(raw);
    raw.exec("PRAGMA user_version = 3");
  }
  auto store = storage::open_store(path);
  const auto entries = store->timeline().list(note.incident);
  REQUIRE(entries.size() == 1);
  check_same(entries[0], note);  // no severity, not struck
  note.struck_at = instant(2000);
  note.struck_by = "U-lee";
  store->timeline().update(note);
  check_same(*store->timeline().find(note.id), note);
}
