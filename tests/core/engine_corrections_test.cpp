// Corrections: INC-n from any channel, edit/retime/strike by T-n, reopen, and
// a closed incident's record changed into a new draft version.
#include <catch2/catch.hpp>

#include "bot/core/engine.hpp"
#include "bot/core/postmortem.hpp"
#include "tests/support/engine_fixture.hpp"

using namespace scribe::core;
using scribe::test::EngineFixture;

namespace {

// The example incident, closed: impact 14:31, detected 14:44, resolved 15:11.
void closed_example(EngineFixture& f) {
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  f.say("2026-03-12T14:46:40Z", "dana", "/incident detected 14:44 PingBase alert fires");
  f.say("2026-03-12T15:06:00Z", "dana", "/incident impact 14:31 First 503s");
  f.say("2026-03-12T15:11:00Z", "dana", "/incident resolved");
  f.say("2026-03-12T15:30:00Z", "dana", "/incident close");
}

std::int64_t entry_id(EngineFixture& f, std::int64_t incident, Milestone m) {
  for (const auto& e : f.store->timeline().list(incident))
    if (e.milestone == m && e.counts()) return e.id;
  return 0;
}

PostmortemFigures figures_of(EngineFixture& f, std::int64_t incident) {
  return compute_figures(*f.store->incidents().find(incident), f.store->timeline().list(incident));
}

}  // namespace

TEST_CASE("retime and strike change the figures, the history keeps what was", "[engine][corrections]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  f.say("2026-03-12T14:46:40Z", "dana", "/incident detected 14:44 alert");
  f.say("2026-03-12T15:06:00Z", "dana", "/incident impact 14:31 First 503s");
  f.say("2026-03-12T15:07:00Z", "dana", "/incident note 14:40 wrong note");
  const auto impact = entry_id(f, 1, Milestone::impact);
  REQUIRE(impact > 0);

  auto out = f.say("2026-03-12T15:08:00Z", "sam", "/incident retime T-" + std::to_string(impact) + " 14:21");
  CHECK_THAT(f.replies(out), Catch::Contains("(impact) retimed from 2026-03-12 14:31 UTC to 2026-03-12 14:21 UTC"));
  CHECK_THAT(f.replies(out), Catch::Contains("\"14:21\" read as 2026-03-12 14:21 UTC, 47 min ago"));
  CHECK(figures_of(f, 1).detection_gap->minutes() == 23);

  // Impact moved after the detection: detection came first, the gap is 0.
  out = f.say("2026-03-12T15:09:00Z", "sam", "/incident retime T-" + std::to_string(impact) + " 14:50");
  auto figures = figures_of(f, 1);
  CHECK_FALSE(figures.detection_gap);
  CHECK(figures.detection_gap_minutes() == 0);
  CHECK(figures.detected_before_impact->minutes() == 6);
  CHECK(figures.order_problems.empty());

  std::int64_t note = 0;
  for (const auto& e : f.store->timeline().list(1))
    if (e.kind == EntryKind::note) note = e.id;
  out = f.say("2026-03-12T15:10:00Z", "sam", "/incident strike T-" + std::to_string(note));
  CHECK_THAT(f.replies(out), Catch::Contains("struck: \"wrong note\""));
  out = f.say("2026-03-12T15:10:30Z", "sam", "/incident timeline");
  CHECK_THAT(f.replies(out), !Catch::Contains("wrong note"));
  CHECK_THAT(f.replies(out), Catch::Contains("(1 struck, kept in the history)"));
  // Kept: the entry is still stored, marked, and the history says who did what.
  const auto stored = f.store->timeline().find(note);
  REQUIRE(stored);
  CHECK(stored->struck_by == "sam");
  std::string history;
  for (const auto& e : f.store->timeline().list(1))
    if (e.kind == EntryKind::correction) history += e.text + "\n";
  CHECK_THAT(history, Catch::Contains("retimed from"));
  CHECK_THAT(history, Catch::Contains("struck"));

  out = f.say("2026-03-12T15:11:00Z", "sam", "/incident strike T-" + std::to_string(note));
  CHECK_THAT(f.replies(out), Catch::Contains("was struck on"));
  out = f.say("2026-03-12T15:11:10Z", "sam", "/incident edit T-999 text");
  CHECK_THAT(f.replies(out), Catch::Contains("There is no timeline entry T-999"));
  out = f.say("2026-03-12T15:11:20Z", "sam", "/incident strike T-1");
  CHECK_THAT(f.replies(out), Catch::Contains("the declaration itself"));
}

TEST_CASE("an impossible order is named with its entries in the close reply", "[engine][corrections]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  f.say("2026-03-12T14:46:40Z", "dana", "/incident impact 14:31");
  f.say("2026-03-12T14:47:00Z", "dana", "/incident detected 14:44");
  f.say("2026-03-12T14:48:00Z", "dana", "/incident mitigated 14:40");
  auto out = f.say("2026-03-12T15:30:00Z", "dana", "/incident close");
  const std::string reply = f.draft_in(out) ? f.draft_in(out)->markdown : "";
  std::string comment;
  for (const auto& e : out)
    if (const auto* file = std::get_if<PostFile>(&e)) comment = file->comment;
  CHECK_THAT(comment, Catch::Contains("mitigated (T-4, 2026-03-12 14:40 UTC) is before detected (T-3, 2026-03-12 14:44 UTC)"));
  // Duration and the gap use detection: left out, not printed beside the warning.
  CHECK_THAT(comment, Catch::Contains("Duration left out"));
  CHECK_THAT(comment, Catch::Contains("detection gap left out"));
  CHECK_THAT(comment, Catch::Contains("customer impact 59 min"));
  CHECK_THAT(reply, Catch::Contains("Duration: left out"));
  CHECK_THAT(reply, !Catch::Contains("**Detection gap"));
  CHECK_THAT(reply, Catch::Contains("Time to mitigate: _left out"));
}

TEST_CASE("INC-n reaches a closed incident from any channel, and writes a new draft",
          "[engine][corrections]") {
  EngineFixture f;
  closed_example(f);
  auto out = f.say("2026-03-13T09:00:00Z", "lee", "/incident sev INC-1 P2", "#review");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1: Severity"));
  CHECK(f.store->incidents().find(1)->severity == Severity::p2);
  CHECK(f.store->incidents().find(1)->status == IncidentStatus::closed);
  const DraftReady* draft = f.draft_in(out);
  REQUIRE(draft);
  CHECK(draft->version == 2);
  CHECK_THAT(draft->markdown, Catch::Contains("## Corrections after the close"));
  CHECK_THAT(draft->markdown, Catch::Contains("@lee: Severity (T-"));

  out = f.say("2026-03-13T09:01:00Z", "lee", "/incident title INC-1 Orders API 503s", "#review");
  CHECK(f.store->incidents().find(1)->title == "Orders API 503s");
  REQUIRE(f.draft_in(out));
  CHECK(f.draft_in(out)->version == 3);

  out = f.say("2026-03-13T09:02:00Z", "lee", "/incident summary INC-1 The pool ran dry.", "#review");
  CHECK(f.store->incidents().find(1)->summary == "The pool ran dry.");

  // Without INC-n a closed incident's channel takes no commands.
  out = f.say("2026-03-13T09:03:00Z", "lee", "/incident note late note");
  CHECK_THAT(f.replies(out), Catch::Contains("No open incident in this channel"));
  out = f.say("2026-03-13T09:04:00Z", "lee", "/incident note INC-9 late note");
  CHECK_THAT(f.replies(out), Catch::Contains("There is no incident INC-9"));
  out = f.say("2026-03-13T09:05:00Z", "lee", "/incident close INC-1", "#review");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 is already closed"));

  // Applied once: the same event again changes nothing.
  const auto drafts = f.store->drafts().list(1).size();
  auto again = f.message("2026-03-13T09:01:00Z", "lee", "/incident title INC-1 Other", "#review");
  again.event_id = "fixed-id";
  f.engine.handle(again);
  f.engine.handle(again);
  CHECK(f.store->incidents().find(1)->title == "Other");
  CHECK(f.store->drafts().list(1).size() == drafts + 1);
}

TEST_CASE("a typed time more than 30 days before the declaration is refused", "[engine][corrections]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  auto out = f.say("2026-03-12T14:47:00Z", "dana", "/incident impact 2025-03-12 14:31 from logs");
  CHECK_THAT(f.replies(out), Catch::Contains("more than 30 days before INC-1 was declared"));
  CHECK_FALSE(figures_of(f, 1).customer_impact);
  CHECK(entry_id(f, 1, Milestone::impact) == 0);
  out = f.say("2026-03-12T14:48:00Z", "dana", "/incident impact 2026-02-20 14:31 from logs");
  CHECK(entry_id(f, 1, Milestone::impact) > 0);
}

TEST_CASE("reopen brings a closed incident back to its channel", "[engine][corrections]") {
  EngineFixture f;
  closed_example(f);
  auto out = f.say("2026-03-12T16:00:00Z", "dana", "/incident reopen");
  CHECK_THAT(f.replies(out), Catch::Contains("No open incident in this channel"));
  out = f.say("2026-03-12T16:00:10Z", "dana", "/incident reopen INC-1");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 reopened by @dana"));
  CHECK(f.store->incidents().find(1)->status == IncidentStatus::resolved);
  out = f.say("2026-03-12T16:01:00Z", "sam", "/incident note errors are back");
  CHECK_THAT(f.replies(out), Catch::Contains("Noted"));
  out = f.say("2026-03-12T16:20:00Z", "dana", "/incident close");
  const DraftReady* draft = f.draft_in(out);
  REQUIRE(draft);
  CHECK(draft->version == 2);
  CHECK_THAT(draft->markdown, Catch::Contains("errors are back"));
  // The first close stays the close: what came after it is listed as corrections.
  CHECK(f.store->incidents().find(1)->closed_at == *parse_iso8601("2026-03-12T15:30:00Z"));
  CHECK_THAT(draft->markdown, Catch::Contains("@dana: Reopened"));
  out = f.say("2026-03-12T16:21:00Z", "dana", "/incident reopen INC-1");
  out = f.say("2026-03-12T16:22:00Z", "dana", "/incident reopen INC-1");
  CHECK_THAT(f.replies(out), Catch::Contains("INC-1 is not closed"));
}
