#include "bot/core/command.hpp"

#include <catch2/catch.hpp>

#include "bot/core/time.hpp"

using namespace scribe::core;
namespace cmd = scribe::core::commands;

namespace {

ParseContext at(const char* iso, const char* zone = "UTC") {
  ParseContext ctx;
  ctx.now = *parse_iso8601(iso);
  ctx.zone = zone;
  return ctx;
}

Command parsed(std::string_view args, const ParseContext& ctx = at("2026-03-12T15:00:00Z")) {
  CommandParse p = parse_command(args, ctx);
  INFO(p.error);
  REQUIRE(p.command);
  return *p.command;
}

// The command's own struct; fails the test when it parsed into another.
template <class T>
T as(std::string_view args, const ParseContext& ctx = at("2026-03-12T15:00:00Z")) {
  const Command c = parsed(args, ctx);
  INFO(args);
  REQUIRE(std::holds_alternative<T>(c.body));
  return std::get<T>(c.body);
}

std::string error_of(std::string_view args, const ParseContext& ctx = at("2026-03-12T15:00:00Z")) {
  CommandParse p = parse_command(args, ctx);
  REQUIRE_FALSE(p.command);
  return p.error;
}

}  // namespace

TEST_CASE("command arguments are found after /incident or !incident in any case", "[command]") {
  CHECK(command_arguments("/incident start DB down") == " start DB down");
  CHECK(command_arguments("  !INCIDENT note hi") == " note hi");
  CHECK(command_arguments("/incident") == "");
  CHECK_FALSE(command_arguments("/incidents list"));
  CHECK_FALSE(command_arguments("the incident is over"));
  CHECK_FALSE(command_arguments("incident start"));
}

TEST_CASE("start takes a title and an optional severity anywhere", "[command]") {
  CHECK(parsed("start API returning 503s sev:P1").kind() == CommandKind::start);
  auto c = as<cmd::Start>("start API returning 503s sev:P1");
  CHECK(c.title == "API returning 503s");
  CHECK(c.severity == Severity::p1);

  c = as<cmd::Start>("START   sev p2   Checkout   slow ");
  CHECK(c.title == "Checkout slow");
  CHECK(c.severity == Severity::p2);

  c = as<cmd::Start>("start Disk full");
  CHECK_FALSE(c.severity);

  CHECK_THAT(error_of("start"), Catch::Contains("Usage: /incident start <title> [sev:P1..P4]"));
  CHECK_THAT(error_of("start DB sev:P9"), Catch::Contains("P1, P2, P3 or P4"));
}

TEST_CASE("note reads an optional leading time in the speaker's zone", "[command]") {
  CHECK(parsed("note 14:12 Deploy of v2.4.1 completed").kind() == CommandKind::note);
  auto c = as<cmd::Note>("note 14:12 Deploy of v2.4.1 completed");
  CHECK(c.at() == parse_iso8601("2026-03-12T14:12:00Z"));
  CHECK(c.text == "Deploy of v2.4.1 completed");

  c = as<cmd::Note>("note -15m rollback started");
  CHECK(c.at() == parse_iso8601("2026-03-12T14:45:00Z"));

  c = as<cmd::Note>("note 2026-03-11 23:50 cron job ran");
  CHECK(c.at() == parse_iso8601("2026-03-11T23:50:00Z"));
  CHECK(c.text == "cron job ran");

  c = as<cmd::Note>("note 503s everywhere");
  CHECK_FALSE(c.at());
  CHECK(c.text == "503s everywhere");

  // 10:31 typed in New York is 14:31 UTC.
  c = as<cmd::Note>("note 10:31 first 503s", at("2026-03-12T15:00:00Z", "America/New_York"));
  CHECK(c.at() == parse_iso8601("2026-03-12T14:31:00Z"));

  CHECK_THAT(error_of("note"), Catch::Contains("Usage: /incident note [<time>] <text>"));
  CHECK_THAT(error_of("note 14:12"), Catch::Contains("Usage: /incident note"));
  CHECK_THAT(error_of("note 25:99 too late"), Catch::Contains("Usage: /incident note"));
}

TEST_CASE("a full date in the future is refused, HH:MM means its last occurrence", "[command]") {
  CHECK_THAT(error_of("note 2026-03-13 09:00 tomorrow's deploy"), Catch::Contains("future"));
  // At 15:00, "18:00" is yesterday's 18:00; "16:00", an hour ahead, is a slip.
  CHECK(as<cmd::Mark>("impact 18:00").at() == parse_iso8601("2026-03-11T18:00:00Z"));
  CHECK_THAT(error_of("impact 16:00"), Catch::Contains("60 min ahead"));
  CHECK_THAT(error_of("impact 16:00"), Catch::Contains("2026-03-11 16:00"));
}

TEST_CASE("all seven milestones parse, with optional time and text", "[command]") {
  for (auto m : kAllMilestones) {
    CHECK(parsed(std::string(to_string(m))).kind() == CommandKind::milestone);
    const auto c = as<cmd::Mark>(std::string(to_string(m)));
    CHECK(c.milestone == m);
    CHECK_FALSE(c.at());
    CHECK(c.text.empty());
  }
  const auto c = as<cmd::Mark>("Detected 14:44 PingBase alert fires");
  CHECK(c.milestone == Milestone::detected);
  CHECK(c.at() == parse_iso8601("2026-03-12T14:44:00Z"));
  CHECK(c.text == "PingBase alert fires");
  CHECK_THAT(error_of("mitigated 99:00"), Catch::Contains("Usage: /incident <started|impact"));
}

TEST_CASE("people are named as Slack mentions, @names, Matrix ids or bare console names",
          "[command]") {
  CHECK(parse_user("<@U024BE7LH|sam>", false) == "U024BE7LH");
  CHECK(parse_user("<@U024BE7LH>", false) == "U024BE7LH");
  CHECK(parse_user("@sam", false) == "sam");
  CHECK(parse_user("@alice:example.org", false) == "@alice:example.org");
  CHECK_FALSE(parse_user("sam", false));
  CHECK(parse_user("sam", true) == "sam");
  CHECK_FALSE(parse_user("@", false));
}

TEST_CASE("action takes an owner, a text and an optional due date", "[command]") {
  CHECK(parsed("action @sam Fix it").kind() == CommandKind::action);
  auto c = as<cmd::Action>("action @sam Fix the query to close its connections due 2026-03-13");
  CHECK(c.owner == "sam");
  CHECK(c.text == "Fix the query to close its connections");
  CHECK(c.due == std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::March,
                                             std::chrono::day{13}});
  c = as<cmd::Action>("action <@U1|lee> add a linter rule due +2w");
  CHECK(c.owner == "U1");
  CHECK(c.due == std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::March,
                                             std::chrono::day{26}});
  c = as<cmd::Action>("action @dana tune the alert");
  CHECK_FALSE(c.due);
  CHECK(c.text == "tune the alert");

  const auto usage_line = "Usage: /incident action <@owner> <text>";
  CHECK_THAT(error_of("action"), Catch::Contains(usage_line));
  CHECK_THAT(error_of("action @sam"), Catch::Contains(usage_line));
  CHECK_THAT(error_of("action sam fix it"), Catch::Contains("owner"));
  // `due` is the keyword only before a date: otherwise it is part of the text.
  CHECK(as<cmd::Action>("action @sam fix it due someday").text == "fix it due someday");
  CHECK(as<cmd::Action>("action @sam make sure it is done by the due date").text ==
        "make sure it is done by the due date");
  CHECK_FALSE(as<cmd::Action>("action @sam make sure it is done by the due date").due);
  CHECK(as<cmd::Action>("action @sam fix the due").text == "fix the due");
  CHECK_THAT(error_of("action @sam fix it due 2026-02-30"), Catch::Contains("not a date on the calendar"));
  CHECK_THAT(error_of("action @sam fix it due 2026-01-01"), Catch::Contains("already passed"));

  ParseContext console = at("2026-03-12T15:00:00Z");
  console.bare_names = true;
  CHECK(as<cmd::Action>("action sam fix it", console).owner == "sam");
}

TEST_CASE("the short commands and their usage lines", "[command]") {
  CHECK(as<cmd::SetSeverity>("sev p2").severity == Severity::p2);
  CHECK_THAT(error_of("sev"), Catch::Contains("Usage: /incident sev <P1..P4>"));
  CHECK_THAT(error_of("sev P7"), Catch::Contains("Usage: /incident sev"));
  CHECK(as<cmd::SetLead>("lead @sam").user == "sam");
  CHECK_THAT(error_of("lead"), Catch::Contains("Usage: /incident lead <@user>"));
  CHECK(as<cmd::SetTitle>("title  Orders API down ").text == "Orders API down");
  CHECK_THAT(error_of("title"), Catch::Contains("Usage: /incident title <text>"));
  CHECK(as<cmd::Summary>("summary some text").text == "some text");
  CHECK(as<cmd::Affected>("affected some text").text == "some text");
  CHECK(as<cmd::Cause>("cause some text").text == "some text");
  CHECK(as<cmd::Why>("why some text").text == "some text");
  for (const char* verb : {"summary", "affected", "cause", "why"})
    CHECK_THAT(error_of(verb), Catch::Contains(std::string("Usage: /incident ") + verb));
  CHECK(as<cmd::Done>("done A-12").item == 12);
  CHECK(as<cmd::Done>("done a-3").item == 3);
  CHECK(as<cmd::Done>("done 7").item == 7);
  CHECK_THAT(error_of("done"), Catch::Contains("Usage: /incident done"));
  CHECK_THAT(error_of("done X-1"), Catch::Contains("Usage: /incident done"));
  CHECK(as<cmd::Actions>("actions").filter == ActionsFilter::incident);
  CHECK(as<cmd::Actions>("actions mine").filter == ActionsFilter::mine);
  CHECK(as<cmd::Actions>("actions OVERDUE").filter == ActionsFilter::overdue);
  CHECK(as<cmd::Actions>("actions all").filter == ActionsFilter::all);
  CHECK_THAT(error_of("actions some"), Catch::Contains("Usage: /incident actions"));
  CHECK(as<cmd::Snooze>("snooze 30m").duration == std::chrono::minutes(30));
  CHECK_THAT(error_of("snooze"), Catch::Contains("Usage: /incident snooze"));
  CHECK(parsed("draft").kind() == CommandKind::draft);
  CHECK(parsed("draft INC-4").incident == 4);
  CHECK_THAT(error_of("timeline now"), Catch::Contains("Usage: /incident timeline"));
  CHECK(parsed("close").kind() == CommandKind::close);
  CHECK(parsed("list").kind() == CommandKind::list);
  CHECK(as<cmd::Help>("help action").text == "action");
}

TEST_CASE("unknown or empty commands get the command list", "[command]") {
  CHECK_THAT(error_of("frobnicate"), Catch::Contains("Unknown command `frobnicate`"));
  CHECK_THAT(error_of("frobnicate"), Catch::Contains("/incident start"));
  CHECK_THAT(error_of("   "), Catch::Contains("/incident note"));
  CHECK(help_text("action").starts_with("Usage: /incident action"));
  CHECK(help_text("resolved").starts_with("Usage: /incident <started|"));
}

TEST_CASE("help names the correction forms and INC-n", "[command]") {
  const std::string help = help_text("");
  CHECK_THAT(help, Catch::Contains("/incident retime <T-n> <time>"));
  CHECK_THAT(help, Catch::Contains("/incident strike <T-n>"));
  CHECK_THAT(help, Catch::Contains("/incident reopen"));
  CHECK_THAT(help, Catch::Contains("INC-<n> after the command word"));
  CHECK_THAT(help, Catch::Contains("11:50 UTC"));
  CHECK(parsed("sev INC-2 P1").incident == 2);
  CHECK(as<cmd::SetSeverity>("sev INC-2 P1").severity == Severity::p1);
  CHECK(as<cmd::Mark>("impact inc-3 2026-03-12 09:35 from the logs").text == "from the logs");
  CHECK(as<cmd::RetimeEntry>("retime T-4 14:21").entry == 4);
  CHECK(parsed("retime T-4 14:21").entry() == 4);
  CHECK_THAT(error_of("retime T-4 14:21 extra"), Catch::Contains("Usage: /incident retime"));
  CHECK_THAT(error_of("strike 4"), Catch::Contains("like T-4"));
  // A number is not an incident: `note 5 servers down` stays a note.
  CHECK_FALSE(parsed("note 5 servers down").incident);
  CHECK(as<cmd::Note>("note 5 servers down").text == "5 servers down");
}

TEST_CASE("`lead none` steps down, `reviewer` may name a closed incident", "[command]") {
  CHECK(as<cmd::SetLead>("lead none").user.empty());
  CHECK(parsed("lead Nobody").kind() == CommandKind::lead);
  CHECK(as<cmd::SetLead>("lead <@U222|sam>").user == "U222");
  const Command reviewer = parsed("reviewer <@U333|lee> INC-7");
  CHECK(std::get<cmd::Reviewer>(reviewer.body).user == "U333");
  CHECK(reviewer.incident == 7);
  CHECK(parsed("reviewer INC-7 <@U333|lee>").incident == 7);
  CHECK_FALSE(parsed("reviewer @lee").incident);
  CHECK_THAT(error_of("reviewer @lee yesterday"), Catch::Contains("Name the incident like INC-7"));
  CHECK_THAT(help_text("lead"), Catch::Contains("none"));
}
