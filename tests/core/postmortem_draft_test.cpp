// The draft as a document: prompts where nobody wrote anything, template
// errors, user text that must not break the Markdown, and the review note.
#include "bot/core/postmortem.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

namespace {

using namespace scribe::core;
namespace chr = std::chrono;

std::string builtin_template() {
  std::ifstream file(SCRIBE_SOURCE_DIR "/templates/postmortem.md.mustache");
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// An incident just declared: nothing filled in yet.
DraftInput fresh_incident() {
  DraftInput input;
  input.incident.number = 7;
  input.incident.title = "Checkout slow";
  input.incident.declared_by = "U042";
  input.incident.declared_at = chr::sys_days{chr::year{2026} / 3 / 12} + chr::hours{9};
  input.names = {{"U042", "dana"}};
  input.zone = "UTC";
  input.generated_at = input.incident.declared_at + chr::minutes{5};
  return input;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("sections nobody filled in carry a prompt, never an empty heading", "[postmortem]") {
  const std::string draft = render_postmortem(builtin_template(), fresh_incident());
  INFO(draft);
  CHECK_THAT(draft, Catch::Contains("Severity: _not set — `/incident sev P1..P4`_"));
  CHECK_THAT(draft, Catch::Contains("Duration: unresolved"));
  CHECK_THAT(draft, Catch::Contains("Lead: _nobody yet"));
  CHECK_THAT(draft, Catch::Contains("Authors: @dana"));
  CHECK_THAT(draft, Catch::Contains("Reviewers: _none yet"));
  CHECK_THAT(draft, Catch::Contains(
                        "_No summary yet: say in two or three sentences what happened and why — "
                        "`/incident summary <text>`_"));
  CHECK_THAT(draft, Catch::Contains("_No impact start marked"));
  CHECK_THAT(draft, Catch::Contains("_No cause yet"));
  CHECK_THAT(draft, Catch::Contains("_No whys yet"));
  CHECK_THAT(draft, Catch::Contains("_How was it noticed"));
  CHECK_THAT(draft, Catch::Contains("_No action items yet"));
  CHECK_THAT(draft, Catch::Contains("_The transcript is empty._"));

  // Every heading is followed, after one blank line, by text that is not a heading.
  const auto lines = lines_of(draft);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("#", 0) != 0) continue;
    INFO(lines[i]);
    REQUIRE(i + 2 < lines.size());
    CHECK(lines[i + 1].empty());
    CHECK_FALSE(lines[i + 2].empty());
    CHECK(lines[i + 2].rfind("#", 0) != 0);
  }
}

TEST_CASE("an invalid template is refused with the file's name", "[postmortem]") {
  CHECK_NOTHROW(validate_template("postmortem.md.mustache", builtin_template()));
  CHECK_THROWS_WITH(validate_template("custom.md.mustache", "{{#summary}} no end"),
                    Catch::StartsWith("custom.md.mustache: ") && Catch::Contains("summary"));
  CHECK_THROWS_AS(render_postmortem("{{#timeline}}\n{{/actions}}", fresh_incident()),
                  TemplateError);
  CHECK_THROWS_WITH(render_postmortem("{{#timeline}}", fresh_incident()),
                    Catch::StartsWith("postmortem.md.mustache: "));
}

TEST_CASE("user text cannot break the draft's structure", "[postmortem]") {
  DraftInput input = fresh_incident();
  input.incident.title = "# Not a heading\n## Injected";
  input.incident.summary = "<script>alert(1)</script> and <img src=x onerror=alert(2)>";
  input.incident.affected = {"- [ ] a fake task", "line one\n\n# line two"};
  input.incident.whys = {"1. starts like a list", "> quoted"};
  TranscriptLine line;
  line.at = input.incident.declared_at + chr::minutes{1};
  line.author = "U042";
  line.author_name = "dana";
  line.text = "try this:\n```\n# not a heading\n```";
  line.edited_at = line.at + chr::seconds{30};
  input.transcript = {line};

  const std::string draft = render_postmortem(builtin_template(), input);
  INFO(draft);
  const auto lines = lines_of(draft);
  CHECK(lines.front() == "# INC-7: \\# Not a heading ## Injected — Postmortem (draft v1)");
  CHECK_THAT(draft, !Catch::Contains("<script>"));
  CHECK_THAT(draft, !Catch::Contains("<img"));
  CHECK_THAT(draft, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(draft, Catch::Contains("- \\- [ ] a fake task\n"));
  CHECK_THAT(draft, Catch::Contains("- line one # line two\n"));
  CHECK_THAT(draft, Catch::Contains("1. 1\\. starts like a list\n"));
  CHECK_THAT(draft, Catch::Contains("2. &gt; quoted\n"));
  // The only headings are the draft's own.
  for (const auto& l : lines)
    if (l.rfind("#", 0) == 0)
      CHECK(std::regex_match(l, std::regex("# INC-7: .*|##+ [A-Z][a-z].*")));

  // Backticks in a message cannot close the appendix's code block early.
  const auto fence = draft.find("````text\n");
  REQUIRE(fence != std::string::npos);
  CHECK(
      draft.substr(fence) ==
      "````text\n09:01:00 @dana: try this:\n    ```\n    # not a heading\n    ``` (edited)\n````\n");
}

TEST_CASE("sentences that blame a person get a review note", "[postmortem]") {
  DraftInput input = fresh_incident();
  input.incident.summary = "The deploy went out at 09:00. @alice didn't test in staging.";
  input.incident.whys = {"Bob forgot to renew the certificate", "The certificate expired"};
  TranscriptLine line;
  line.at = input.incident.declared_at + chr::minutes{2};
  line.author = "U042";
  line.text = "/incident why Bob forgot to renew the certificate";
  input.transcript = {line};

  const std::string draft = render_postmortem(builtin_template(), input);
  INFO(draft);
  CHECK_THAT(draft, Catch::Contains("> **Review note:**"));
  CHECK_THAT(draft, Catch::Contains(
                        "> - \"@alice didn't test in staging.\" (summary) — Describe the condition "
                        "that allowed it, e.g. 'nothing required anyone to test in staging'"));
  CHECK_THAT(draft, Catch::Contains("> - \"Bob forgot to renew the certificate\" (why 1) — "));
  CHECK_THAT(draft, !Catch::Contains("The deploy went out at 09:00.\" ("));
  CHECK_THAT(draft, !Catch::Contains("(transcript"));
}

namespace {

Instant utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return chr::sys_days{chr::year{y} / chr::month{mo} / chr::day{d}} + chr::hours{h} +
         chr::minutes{mi} + chr::seconds{s};
}

TimelineEntry milestone_at(std::int64_t id, Milestone m, Instant at, std::string text = {}) {
  TimelineEntry e;
  e.id = id;
  e.incident = 7;
  e.kind = EntryKind::milestone;
  e.milestone = m;
  e.at = at;
  e.recorded_at = at;
  e.author = "U042";
  e.text = text.empty() ? std::string(milestone_label(m)) : std::move(text);
  return e;
}

TranscriptLine said(std::string id, Instant at, std::string text) {
  return TranscriptLine{7, std::move(id), at, "U042", "dana", std::move(text), {}};
}

std::string line_with(const std::string& draft, const std::string& start) {
  for (const auto& line : lines_of(draft))
    if (line.rfind(start, 0) == 0) return line;
  return {};
}

}  // namespace

TEST_CASE("a draft across the fall-back night names both abbreviations and marks the times after",
          "[postmortem]") {
  DraftInput input = fresh_incident();
  input.zone = "America/New_York";
  input.incident.declared_at = utc(2026, 11, 1, 5, 20);  // 01:20 EDT
  input.timeline = {milestone_at(1, Milestone::impact, utc(2026, 11, 1, 5, 10)),    // 01:10 EDT
                    milestone_at(2, Milestone::resolved, utc(2026, 11, 1, 6, 40))};  // 01:40 EST
  input.transcript = {said("m1", utc(2026, 11, 1, 5, 21), "looking"),
                      said("m2", utc(2026, 11, 1, 6, 35), "fixed")};
  const std::string draft = render_postmortem(builtin_template(), input);
  INFO(draft);
  CHECK_THAT(draft, Catch::Contains("Times are in America/New_York: EDT until 2026-11-01 02:00, "
                                    "then EST (times in EST are marked)."));
  CHECK_THAT(draft, Catch::Contains("**Total customer impact: 90 minutes (01:10\xE2\x80\x93" "01:40 EST)**"));
  CHECK_THAT(draft, Catch::Contains("- 01:40 EST \xE2\x80\x94 **Resolved** (@dana)"));
  CHECK_THAT(draft, Catch::Contains("- 01:10 \xE2\x80\x94 **Impact started** (@dana)"));
  CHECK_THAT(draft, Catch::Contains("01:35:00 EST @dana: fixed"));
  CHECK_THAT(draft, Catch::Contains("01:21:00 @dana: looking"));
  CHECK_THAT(draft, Catch::Contains("Duration: 01:20 (declaration to resolution)"));
}

TEST_CASE("the draft reads as a person wrote it: no repetition, people one way, prompts for the "
          "response and links",
          "[postmortem]") {
  DraftInput input = fresh_incident();
  input.timeline = {milestone_at(1, Milestone::acknowledged, utc(2026, 3, 12, 9, 1))};
  input.transcript = {said("m1", utc(2026, 3, 12, 9, 2), "on it")};
  const std::string draft = render_postmortem(builtin_template(), input);
  INFO(draft);
  CHECK_THAT(draft, !Catch::Contains("**Acknowledged**: Acknowledged"));
  CHECK_THAT(draft, Catch::Contains("- 09:01 \xE2\x80\x94 **Acknowledged** (@dana)"));
  CHECK_THAT(draft, Catch::Contains("Times are in UTC.\n"));
  CHECK_THAT(draft, Catch::Contains("## Participants\n\n- @dana\n"));
  CHECK_THAT(draft, Catch::Contains("09:02:00 @dana: on it"));
  CHECK_THAT(draft, Catch::Contains("- What worked:"));
  CHECK_THAT(draft, Catch::Contains("- What did not:"));
  CHECK_THAT(draft, Catch::Contains("- What slowed the response:"));
  CHECK_THAT(draft, Catch::Contains("- Where we got lucky:"));
  CHECK_THAT(draft, Catch::Contains("## Links\n\n_Dashboards, alerts, pull requests, tickets"));
}

TEST_CASE("long spans read in days, ranges show the seconds they round from when it matters",
          "[postmortem]") {
  DraftInput input = fresh_incident();
  input.incident.declared_at = utc(2026, 3, 12, 9, 0);
  input.timeline = {milestone_at(1, Milestone::detected, utc(2026, 3, 12, 9, 31, 50)),
                    milestone_at(2, Milestone::acknowledged, utc(2026, 3, 12, 9, 33, 10)),
                    milestone_at(3, Milestone::identified, utc(2026, 3, 12, 9, 40, 20)),
                    milestone_at(4, Milestone::resolved, utc(2026, 3, 13, 11, 47))};
  input.transcript = {said("m1", utc(2026, 3, 12, 9, 2), "first"),
                      said("m2", utc(2026, 3, 13, 11, 40), "next day")};
  const std::string draft = render_postmortem(builtin_template(), input);
  INFO(draft);
  // 26 h 15 min 10 s from detection.
  CHECK_THAT(draft, Catch::Contains("Duration: 1 d 02:15 (detection to resolution)"));
  // 1 min 20 s: "09:31–09:33" beside "1 minute" would not add up.
  CHECK(line_with(draft, "- Time to acknowledge:") ==
        "- Time to acknowledge: 1 minute (09:31:50\xE2\x80\x93" "09:33:10)");
  // 8 min 30 s rounds to 8 (ties to even) and 09:31-09:40 reads 9: seconds shown.
  CHECK(line_with(draft, "- Time to identify:") ==
        "- Time to identify: 8 minutes (09:31:50\xE2\x80\x93" "09:40:20)");
  // Across two days every transcript line carries its date.
  CHECK_THAT(draft, Catch::Contains("2026-03-12 09:02:00 @dana: first\n"));
  CHECK_THAT(draft, Catch::Contains("2026-03-13 11:40:00 @dana: next day\n"));
}

TEST_CASE("inline images from chat are not rendered, links stay links", "[postmortem]") {
  DraftInput input = fresh_incident();
  input.incident.summary = "See ![graph](https://tracker.example/p.gif) and [the dashboard](https://grafana.example/d/1)";
  const std::string draft = render_postmortem(builtin_template(), input);
  INFO(draft);
  CHECK_THAT(draft, Catch::Contains("See \\![graph](https://tracker.example/p.gif) and [the dashboard](https://grafana.example/d/1)"));
  CHECK_THAT(draft, !Catch::Contains(" ![graph]"));
}

TEST_CASE("a template tag the draft does not have is refused with its line", "[postmortem]") {
  CHECK_NOTHROW(validate_template("postmortem.md.mustache", builtin_template()));
  try {
    validate_template("postmortem.md.mustache",
                      "# {{titel}}\n{{! a comment }}\n{{#timeline}}- {{entry_when}} {{.}}\n{{/timeline}}\n"
                      "{{{sumary}}} {{> partial}}\n");
    FAIL("expected a TemplateError");
  } catch (const TemplateError& e) {
    const std::string why = e.what();
    CHECK_THAT(why, Catch::Contains("postmortem.md.mustache: 2 tags name nothing the draft has"));
    CHECK_THAT(why, Catch::Contains("line 1: {{titel}}"));
    CHECK_THAT(why, Catch::Contains("line 5: {{sumary}}"));
    CHECK_THAT(why, !Catch::Contains("entry_when"));
  }
}
