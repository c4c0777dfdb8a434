#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/storage_fixtures.hpp"

using namespace scribe;
using scribe::test::bare_incident;
using scribe::test::check_same;
using scribe::test::instant;

namespace {

core::TranscriptLine line(std::int64_t incident, const std::string& id, std::int64_t at_ms,
                          const std::string& text) {
  core::TranscriptLine l;
  l.incident = incident;
  l.message_id = id;
  l.at = instant(at_ms);
  l.author = "U-sam";
  l.author_name = "Sam Ortiz";
  l.text = text;
  return l;
}

}  // namespace

TEST_CASE("a transcript line keeps every field", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  core::TranscriptLine want = line(incident, "1773325862.000200", 2000, "connections never return");
  want.edited_at = instant(9000);
  store->transcript().add(want);
  auto got = store->transcript().find(incident, want.message_id);
  REQUIRE(got);
  check_same(*got, want);

  core::TranscriptLine unedited = line(incident, "m2", 3000, "");
  store->transcript().add(unedited);
  check_same(*store->transcript().find(incident, "m2"), unedited);
  CHECK_FALSE(store->transcript().find(incident, "nope"));
}

TEST_CASE("adding a line twice keeps the first one", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  auto& transcript = store->transcript();
  transcript.add(line(incident, "m1", 1000, "original"));
  REQUIRE(transcript.edit(incident, "m1", "edited", instant(5000)));
  transcript.add(line(incident, "m1", 1000, "original, redelivered"));

  auto lines = transcript.list(incident);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "edited");
  CHECK(lines[0].edited_at == instant(5000));
}

TEST_CASE("the same message id in two incidents is two lines", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto a = store->incidents().create(bare_incident("C1"));
  const auto b = store->incidents().create(bare_incident("C2"));
  store->transcript().add(line(a, "m1", 1000, "in a"));
  store->transcript().add(line(b, "m1", 1000, "in b"));
  CHECK(store->transcript().find(a, "m1")->text == "in a");
  CHECK(store->transcript().find(b, "m1")->text == "in b");
}

TEST_CASE("edit and remove report whether the line was there", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  auto& transcript = store->transcript();
  transcript.add(line(incident, "m1", 1000, "typo"));
  CHECK_FALSE(transcript.edit(incident, "m9", "x", instant(2000)));
  CHECK(transcript.edit(incident, "m1", "fixed", instant(2000)));
  CHECK(transcript.find(incident, "m1")->text == "fixed");
  CHECK(transcript.remove(incident, "m1"));
  CHECK_FALSE(transcript.remove(incident, "m1"));
  CHECK_FALSE(transcript.find(incident, "m1"));
  CHECK(transcript.list(incident).empty());
}

TEST_CASE("the transcript is ordered by message time, then arrival", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto incident = store->incidents().create(bare_incident("C1"));
  auto& transcript = store->transcript();
  transcript.add(line(incident, "late", 9000, "late"));
  transcript.add(line(incident, "same-1", 4000, "same-1"));
  transcript.add(line(incident, "early", 1000, "early"));
  transcript.add(line(incident, "same-2", 4000, "same-2"));
  // A line removed and a new one added must not take the removed one's place.
  transcript.remove(incident, "same-2");
  transcript.add(line(incident, "same-3", 4000, "same-3"));

  std::vector<std::string> ids;
  for (const auto& l : transcript.list(incident)) ids.push_back(l.message_id);
  CHECK(ids == std::vector<std::string>{"early", "same-1", "same-3", "late"});
}
