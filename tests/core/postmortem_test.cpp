// The postmortem draft against the known-answer incident of
// examples/db-pool-exhaustion.txt: impact 14:31, alert 14:44, resolved 15:11.
#include "bot/core/postmortem.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace {

using namespace scribe::core;
namespace chr = std::chrono;

Instant on_march_12(int h, int mi, int s = 0) {
  return chr::sys_days{chr::year{2026} / 3 / 12} + chr::hours{h} + chr::minutes{mi} +
         chr::seconds{s};
}

chr::year_month_day march(unsigned day) {
  return chr::year{2026} / 3 / chr::day{day};
}

std::string builtin_template() {
  std::ifstream file(SCRIBE_SOURCE_DIR "/templates/postmortem.md.mustache");
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

TimelineEntry entry(std::int64_t id, std::optional<Milestone> milestone, Instant at,
                    Instant recorded_at, std::string author, std::string text) {
  TimelineEntry e;
  e.id = id;
  e.incident = 1;
  e.kind = milestone ? EntryKind::milestone : EntryKind::note;
  e.milestone = milestone;
  e.at = at;
  e.recorded_at = recorded_at;
  e.author = std::move(author);
  e.text = std::move(text);
  return e;
}

ActionItem action(std::int64_t number, std::string owner, std::string description,
                  chr::year_month_day due) {
  ActionItem item;
  item.number = number;
  item.incident = 1;
  item.owner = std::move(owner);
  item.description = std::move(description);
  item.due = due;
  item.created_by = "dana";
  return item;
}

TranscriptLine said(Instant at, std::string author, std::string text) {
  TranscriptLine line;
  line.incident = 1;
  line.message_id = std::to_string(to_epoch_ms(at));
  line.at = at;
  line.author = std::move(author);
  line.text = std::move(text);
  return line;
}

// The incident of db-pool-exhaustion.txt, as the engine would have recorded it.
DraftInput example_incident() {
  DraftInput input;
  Incident& incident = input.incident;
  incident.number = 1;
  incident.title = "API returning 503s";
  incident.severity = Severity::p1;
  incident.status = IncidentStatus::closed;
  incident.declared_by = "dana";
  incident.lead = "dana";
  incident.declared_at = on_march_12(14, 46, 10);
  incident.summary =
      "A query added in v2.4.1 leaked database connections; the pool ran dry and API routes "
      "returned 503 for 40 minutes until a hotfix shipped.";
  incident.cause = "A new query in v2.4.1 opened database connections without closing them";
  incident.affected = {"users: about 18% of API traffic", "features: checkout, order history"};
  incident.whys = {"The database ran out of connections",
                   "A new query in v2.4.1 opened connections without closing them",
                   "Code review didn't catch the connection leak",
                   "We have no automated checks for unclosed database resources",
                   "We never added linting rules for resource management in this language"};

  TimelineEntry declared = entry(1, std::nullopt, incident.declared_at, incident.declared_at,
                                 "dana", "API returning 503s");
  declared.kind = EntryKind::declared;
  input.timeline = {
      declared,
      entry(2, Milestone::detected, on_march_12(14, 44), on_march_12(14, 46, 40), "dana",
            "PingBase alert fires: /api/health returning 503"),
      entry(3, Milestone::acknowledged, on_march_12(14, 46), on_march_12(14, 46, 55), "dana",
            "On-call engineer paged, begins investigation"),
      entry(4, std::nullopt, on_march_12(14, 12), on_march_12(14, 47, 30), "dana",
            "Deploy of v2.4.1 completed to production"),
      entry(5, Milestone::identified, on_march_12(14, 52, 30), on_march_12(14, 52, 30), "dana",
            "Root cause identified: new query in v2.4.1 not closing connections"),
      entry(6, Milestone::mitigated, on_march_12(15, 3, 20), on_march_12(15, 3, 20), "sam",
            "Hotfix deployed, connection pool recovering"),
      entry(7, Milestone::started, on_march_12(14, 18), on_march_12(15, 5), "dana",
            "Database connection pool begins exhausting (not yet visible to users)"),
      entry(8, Milestone::impact, on_march_12(14, 31), on_march_12(15, 6), "dana",
            "First user-facing 503 errors begin appearing on API routes"),
      entry(9, Milestone::resolved, on_march_12(15, 11), on_march_12(15, 11), "dana",
            "Error rate returns to baseline, incident resolved"),
  };
  input.transcript = {
      said(on_march_12(14, 46, 10), "dana", "/incident start API returning 503s sev:P1"),
      said(on_march_12(14, 49, 2), "sam",
           "error rate on /api/orders is climbing, pool metrics flat at max"),
      said(on_march_12(14, 52, 5), "sam", "looks like connections are never returned to the pool"),
  };
  input.actions = {
      action(1, "sam", "Fix the query to close its connections", march(13)),
      action(2, "lee", "Add a linter rule that rejects unclosed database resources", march(26)),
      action(3, "dana", "Reduce the uptime check interval from 5 minutes to 1 minute", march(19)),
  };
  input.zone = "UTC";
  input.detection_target_minutes = 2;
  input.generated_at = on_march_12(15, 30);
  return input;
}

std::string draft_of(const DraftInput& input) {
  return render_postmortem(builtin_template(), input);
}

// The text of one `## ` section, up to the next one.
std::string section(const std::string& draft, const std::string& heading) {
  const auto start = draft.find("\n## " + heading + "\n");
  REQUIRE(start != std::string::npos);
  const auto end = draft.find("\n## ", start + 1);
  return draft.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> found;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) found.push_back(line);
  return found;
}

}  // namespace

TEST_CASE("figures of the known-answer incident", "[postmortem]") {
  const DraftInput input = example_incident();
  const PostmortemFigures figures = compute_figures(input.incident, input.timeline);
  REQUIRE(figures.duration);
  CHECK_FALSE(figures.duration_from_declared);
  CHECK(figures.duration->minutes() == 27);
  REQUIRE(figures.customer_impact);
  CHECK(figures.customer_impact->minutes() == 40);
  REQUIRE(figures.detection_gap);
  CHECK(figures.detection_gap->minutes() == 13);
  CHECK(figures.time_to_acknowledge->minutes() == 2);
  // 8m30s: ties round to even.
  CHECK(figures.time_to_identify->minutes() == 8);
  CHECK(figures.time_to_mitigate->minutes() == 19);
}

TEST_CASE("the draft of the known-answer incident", "[postmortem]") {
  const std::string draft = draft_of(example_incident());
  INFO(draft);

  CHECK(draft.rfind("# INC-1: API returning 503s — Postmortem (draft v1)\n", 0) == 0);
  CHECK_THAT(draft, Catch::Contains("Date: 2026-03-12"));
  CHECK_THAT(draft, Catch::Contains("Duration: 00:27 (detection to resolution)"));
  CHECK_THAT(draft, Catch::Contains("Severity: P1"));
  CHECK_THAT(draft, Catch::Contains("Lead: @dana"));
  CHECK_THAT(draft, Catch::Contains("Authors: @dana"));
  CHECK_THAT(draft, Catch::Contains("Times are in UTC.\n"));
  CHECK_THAT(draft, Catch::Contains("**Total customer impact: 40 minutes (14:31–15:11)**"));
  CHECK_THAT(draft, Catch::Contains("- users: about 18% of API traffic"));
  CHECK_THAT(draft, Catch::Contains("**Detection gap: 13 minutes (14:31–14:44)**"));
  CHECK_THAT(draft,
             Catch::Contains("Detected at 14:44: PingBase alert fires: /api/health returning 503"));
  CHECK_THAT(draft, Catch::Contains("Time to acknowledge: 2 minutes"));
  CHECK_THAT(draft, Catch::Contains("Time to identify: 8 minutes"));
  CHECK_THAT(draft, Catch::Contains("Time to mitigate: 19 minutes"));
  CHECK_THAT(draft, Catch::Contains(
                        "A new query in v2.4.1 opened database connections without closing them"));

  SECTION("the five whys are numbered in the order given") {
    const std::string whys = section(draft, "Root cause");
    CHECK_THAT(whys, Catch::Contains("\n1. The database ran out of connections\n"));
    CHECK_THAT(whys, Catch::Contains("\n3. Code review didn't catch the connection leak\n"));
    CHECK_THAT(whys,
               Catch::Contains(
                   "\n5. We never added linting rules for resource management in this language\n"));
    CHECK(whys.find("\n1. ") < whys.find("\n2. "));
    CHECK(whys.find("\n4. ") < whys.find("\n5. "));
  }
  SECTION("action items carry owner, description and due date") {
    CHECK_THAT(draft, Catch::Contains(
                          "- [ ] @sam — Fix the query to close its connections — due 2026-03-13"));
    CHECK_THAT(draft, Catch::Contains("- [ ] @lee — Add a linter rule that rejects unclosed "
                                      "database resources — due 2026-03-26"));
    CHECK_THAT(draft, Catch::Contains("- [ ] @dana — Reduce the uptime check interval from 5 "
                                      "minutes to 1 minute — due 2026-03-19"));
  }
  SECTION("the detection item is not suggested: A-3 already shortens the uptime check") {
    CHECK_THAT(section(draft, "Action items"), !Catch::Contains("Suggested"));
    CHECK_THAT(draft, Catch::Contains("The gap is above the 2-minute target; the action items "
                                      "already address detection."));
  }
  SECTION("a 13-minute detection gap against a 2-minute target suggests an item a week out") {
    DraftInput input = example_incident();
    std::erase_if(input.actions, [](const ActionItem& a) { return a.number == 3; });
    const std::string without_a3 = draft_of(input);  // nothing else addresses detection
    CHECK_THAT(without_a3, Catch::Contains("see the suggested action item"));
    const auto suggested = lines_starting(section(without_a3, "Action items"),
                                          "- [ ] @dana — Suggested: shorten time to detect");
    REQUIRE(suggested.size() == 1);
    CHECK_THAT(suggested[0], Catch::Contains("13 minutes against a target of 2 minutes"));
    CHECK_THAT(suggested[0], Catch::Contains("due 2026-03-19"));
  }
  SECTION("the timeline lists every entry in time order") {
    const auto entries = lines_starting(section(draft, "Timeline"), "- ");
    REQUIRE(entries.size() == 9);
    CHECK(entries.front() == "- 14:12 — Deploy of v2.4.1 completed to production (@dana)");
    CHECK(entries[1] ==
          "- 14:18 — **Problem started**: Database connection pool begins exhausting (not yet "
          "visible to users) (@dana)");
    CHECK_THAT(entries[2], Catch::StartsWith("- 14:31 — **Impact started**: First user-facing"));
    CHECK_THAT(entries[3], Catch::StartsWith("- 14:44 — **Detected**: PingBase alert fires"));
    CHECK(entries.back() ==
          "- 15:11 — **Resolved**: Error rate returns to baseline, incident resolved (@dana)");
    for (std::size_t i = 1; i < entries.size(); ++i)
      CHECK(entries[i - 1].substr(2, 5) <= entries[i].substr(2, 5));
  }
  SECTION("participants and the transcript appendix") {
    const std::string participants = section(draft, "Participants");
    CHECK_THAT(participants, Catch::Contains("- @dana\n- @sam\n"));
    const std::string appendix = section(draft, "Appendix: transcript");
    CHECK_THAT(
        appendix,
        Catch::Contains(
            "```text\n14:46:10 @dana: /incident start API returning 503s sev:P1\n"
            "14:49:02 @sam: error rate on /api/orders is climbing, pool metrics flat at max\n"));
    CHECK_THAT(appendix,
               Catch::EndsWith(
                   "14:52:05 @sam: looks like connections are never returned to the pool\n```\n"));
  }
  SECTION("the example's own words are blameless") {
    CHECK_THAT(draft, !Catch::Contains("Review note"));
    CHECK_THAT(section(draft, "Blameless review"), Catch::Contains("_Nothing here names a person"));
  }
}

TEST_CASE("no suggested detection item when the gap is within target", "[postmortem]") {
  DraftInput input = example_incident();
  input.detection_target_minutes = 15;
  const std::string draft = draft_of(input);
  CHECK_THAT(draft, !Catch::Contains("Suggested"));
  CHECK_THAT(draft, !Catch::Contains("above the"));
  CHECK_THAT(draft, Catch::Contains("**Detection gap: 13 minutes (14:31–14:44)**"));
}

TEST_CASE("the same figures in other zones, with clocks in that zone", "[postmortem]") {
  DraftInput input = example_incident();
  SECTION("America/New_York, daylight time since March 8") {
    input.zone = "America/New_York";
    const std::string draft = draft_of(input);
    INFO(draft);
    CHECK_THAT(draft, Catch::Contains("Times are in America/New_York (EDT)"));
    CHECK_THAT(draft, Catch::Contains("Duration: 00:27 (detection to resolution)"));
    CHECK_THAT(draft, Catch::Contains("**Total customer impact: 40 minutes (10:31–11:11)**"));
    CHECK_THAT(draft, Catch::Contains("**Detection gap: 13 minutes (10:31–10:44)**"));
    CHECK_THAT(draft, Catch::Contains("- 10:12 — Deploy of v2.4.1"));
    CHECK_THAT(draft, Catch::Contains("10:49:02 @sam: error rate"));
  }
  SECTION("Asia/Kolkata, half-hour offset") {
    input.zone = "Asia/Kolkata";
    const std::string draft = draft_of(input);
    INFO(draft);
    CHECK_THAT(draft, Catch::Contains("Times are in Asia/Kolkata (IST)"));
    CHECK_THAT(draft, Catch::Contains("**Total customer impact: 40 minutes (20:01–20:41)**"));
    CHECK_THAT(draft, Catch::Contains("**Detection gap: 13 minutes (20:01–20:14)**"));
    CHECK_THAT(draft, Catch::Contains("Time to identify: 8 minutes"));
  }
}

TEST_CASE("a milestone given twice: the one said last counts", "[postmortem]") {
  DraftInput input = example_incident();
  // Someone first said impact began at 14:25, then corrected it to 14:31.
  input.timeline.push_back(entry(10, Milestone::impact, on_march_12(14, 25), on_march_12(15, 5, 30),
                                 "sam", "Errors seen in the logs"));
  CHECK(effective_milestones(input.timeline).at(Milestone::impact) == on_march_12(14, 31));
  std::string draft = draft_of(input);
  CHECK_THAT(draft, Catch::Contains("**Total customer impact: 40 minutes (14:31–15:11)**"));
  CHECK_THAT(draft, Catch::Contains("- 14:25 — **Impact started**: Errors seen in the logs "
                                    "_(superseded by a later correction)_ (@sam)"));

  // A later correction wins even when it names an earlier time.
  input.timeline.push_back(entry(11, Milestone::impact, on_march_12(14, 21), on_march_12(15, 9),
                                 "dana", "Errors began earlier than we thought"));
  draft = draft_of(input);
  CHECK_THAT(draft, Catch::Contains("**Total customer impact: 50 minutes (14:21–15:11)**"));
  CHECK_THAT(draft, Catch::Contains("**Detection gap: 23 minutes (14:21–14:44)**"));
}

TEST_CASE("an impossible milestone order leaves the figure out and says so", "[postmortem]") {
  DraftInput input = example_incident();
  input.timeline.push_back(
      entry(10, Milestone::resolved, on_march_12(14, 20), on_march_12(15, 12), "dana", "Resolved"));
  const PostmortemFigures figures = compute_figures(input.incident, input.timeline);
  CHECK_FALSE(figures.customer_impact);
  CHECK_FALSE(figures.duration);
  // Resolved before detection too: which of the two is wrong nobody can tell,
  // so the gap, which uses detection, is left out with them.
  CHECK_FALSE(figures.detection_gap);
  const std::string draft = draft_of(input);
  INFO(draft);
  CHECK_THAT(draft, !Catch::Contains("Total customer impact"));
  CHECK_THAT(draft, !Catch::Contains("**Detection gap"));
  CHECK_THAT(draft, Catch::Contains("The milestone order looks wrong"));
  CHECK_THAT(draft, Catch::Contains("resolved (T-10, 14:20) is before impact (T-"));
  CHECK_THAT(draft, Catch::Contains("resolved (T-10, 14:20) is before detected (T-"));
  CHECK_THAT(draft, Catch::Contains("Duration: left out"));
}

TEST_CASE("duration falls back to declaration, and an open incident says it is unresolved",
          "[postmortem]") {
  DraftInput input = example_incident();
  std::erase_if(input.timeline,
                [](const TimelineEntry& e) { return e.milestone == Milestone::detected; });
  std::string draft = draft_of(input);
  // 14:46:10 -> 15:11:00 is 24m50s.
  CHECK_THAT(draft, Catch::Contains("Duration: 00:25 (declaration to resolution)"));
  CHECK_THAT(draft, Catch::Contains("_Response times are measured from detection"));
  CHECK_THAT(draft, !Catch::Contains("Suggested"));

  std::erase_if(input.timeline,
                [](const TimelineEntry& e) { return e.milestone == Milestone::resolved; });
  draft = draft_of(input);
  CHECK_THAT(draft, Catch::Contains("Duration: unresolved"));
  CHECK_THAT(draft,
             Catch::Contains("_Customer impact began at 14:31 and has not been marked resolved"));
}

TEST_CASE("a span across midnight shows its dates", "[postmortem]") {
  DraftInput input = example_incident();
  for (auto& e : input.timeline)
    if (e.milestone == Milestone::resolved) e.at = on_march_12(24 + 1, 5);
  const std::string draft = draft_of(input);
  CHECK_THAT(draft,
             Catch::Contains(
                 "**Total customer impact: 634 minutes (2026-03-12 14:31–2026-03-13 01:05)**"));
  CHECK_THAT(draft, Catch::Contains("Duration: 10:21 (detection to resolution)"));
  CHECK_THAT(draft, Catch::Contains("- 2026-03-13 01:05 — **Resolved**"));
}

TEST_CASE("done items are ticked, and an item without a date says so", "[postmortem]") {
  DraftInput input = example_incident();
  input.actions[0].done_at = on_march_12(18, 0);
  input.actions[1].due.reset();
  ActionItem kept =
      action(4, "dana", "Shorten time to detect: alert on 503s at the edge", march(19));
  kept.suggested = true;
  input.actions.push_back(kept);
  const std::string draft = draft_of(input);
  CHECK_THAT(draft, Catch::Contains(
                        "- [x] @sam — Fix the query to close its connections — due 2026-03-13"));
  CHECK_THAT(
      draft,
      Catch::Contains(
          "- [ ] @lee — Add a linter rule that rejects unclosed database resources — no due date"));
  // A suggestion already kept as an item is not proposed a second time.
  CHECK_THAT(draft, Catch::Contains("- [ ] @dana — Suggested: Shorten time to detect: alert on "
                                    "503s at the edge — due 2026-03-19 (A-4)"));
  CHECK(lines_starting(draft, "- [ ] @dana — Suggested:").size() == 1);
}
