// Follow-through through the real binary: reminders, escalation, nudges and
// the weekly digest, driven by the transcript's clock in `scribe replay`.
#include <catch2/catch.hpp>
#include <sstream>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using scribe::test::read_file;
using scribe::test::run_process;
using scribe::test::TempDir;
using scribe::test::write_file;

namespace {

const std::string kExample = std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt";

struct Workspace {
  TempDir dir;
  std::string config;
  int files = 0;

  explicit Workspace(const std::string& extra = "") {
    config = (dir / "scribe.toml").string();
    write_file(config,
               "timezone = \"UTC\"\ndata_dir = \"" + (dir / "data").string() + "\"\n" + extra);
  }

  scribe::test::ProcessResult scribe(std::vector<std::string> args, const std::string& in = "") {
    args.insert(args.begin(), scribe::test::scribe_binary());
    args.push_back("--config");
    args.push_back(config);
    return run_process(args, in, dir.path());
  }

  scribe::test::ProcessResult replay(const std::string& transcript) {
    const auto path = dir / ("t" + std::to_string(++files) + ".txt");
    write_file(path, transcript);
    auto run = scribe({"replay", path.string()});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    return run;
  }
};

// The output lines of scheduled work ("<ISO time> [where] scribe: ...") that contain `text`.
std::vector<std::string> scheduled(const std::string& out, const std::string& where,
                                   const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (line.size() > 21 && line[4] == '-' && line[20] == ' ' &&
        line.find("[" + where + "] scribe: ") == 21 && line.find(text) != std::string::npos)
      lines.push_back(line);
  return lines;
}

std::vector<std::string> times_of(const std::vector<std::string>& lines) {
  std::vector<std::string> times;
  for (const auto& line : lines) times.push_back(line.substr(0, 20));
  return times;
}

// An incident with one item for sam, due 2026-03-13, closed the same day.
const std::string kIncidentWithItem =
    "2026-03-12T14:46:10Z dana: /incident start API returning 503s sev:P3\n"
    "2026-03-12T15:20:00Z dana: /incident action @sam Fix the query to close its connections due "
    "2026-03-13\n"
    "2026-03-12T15:21:00Z dana: /incident resolved\n"
    "2026-03-12T15:30:00Z dana: /incident close\n";

const std::string kSamInLosAngeles = "[people]\nsam = \"America/Los_Angeles\"\n";

}  // namespace

TEST_CASE("an item due 2026-03-13 in Los Angeles is first reminded after midnight there",
          "[integration][reminders]") {
  Workspace ws(kSamInLosAngeles);
  // Up to one second before midnight in Los Angeles (07:00Z, PDT): a heads-up, no reminder.
  auto before = ws.replay(kIncidentWithItem + "# clock 2026-03-14T06:59:59Z\n");
  INFO(before.out);
  CHECK(times_of(scheduled(before.out, "DM sam", "Heads-up: A-1 is due 2026-03-13")) ==
        std::vector<std::string>{"2026-03-13T07:00:00Z"});
  CHECK(scheduled(before.out, "DM sam", "overdue").empty());

  auto after = ws.replay("2026-03-14T07:00:00Z #random lee: ping\n");
  INFO(after.out);
  const auto reminders = scheduled(after.out, "DM sam", "overdue");
  REQUIRE(reminders.size() == 1);
  CHECK(
      reminders[0].starts_with("2026-03-14T07:00:00Z [DM sam] scribe: \xE2\x8F\xB0 A-1 is 1 day "
                               "overdue: Fix the query to close its connections"));
  CHECK_THAT(reminders[0], Catch::Contains("(INC-1 API returning 503s, due 2026-03-13)") &&
                               Catch::Contains("`/incident done A-1`"));
}

TEST_CASE("a week of silence: seven reminders, then escalation, then nothing after done",
          "[integration][reminders]") {
  Workspace ws(kSamInLosAngeles + "[reminders]\nremind_every = \"24h\"\nescalate_after = 7\n");
  auto run = ws.replay(kIncidentWithItem +
                       "2026-03-21T06:59:00Z #random lee: ping\n"
                       "# clock 2026-03-21T12:00:00Z\n"
                       "2026-03-21T12:05:00Z #random sam: /incident done A-1\n"
                       "# clock 2026-04-30T00:00:00Z\n");
  INFO(run.out);
  const auto reminders = scheduled(run.out, "DM sam", "overdue");
  CHECK(times_of(reminders) ==
        std::vector<std::string>{"2026-03-14T07:00:00Z", "2026-03-15T07:00:00Z",
                                 "2026-03-16T07:00:00Z", "2026-03-17T07:00:00Z",
                                 "2026-03-18T07:00:00Z", "2026-03-19T07:00:00Z",
                                 "2026-03-20T07:00:00Z", "2026-03-21T07:00:00Z"});
  REQUIRE(reminders.size() == 8);
  CHECK_THAT(reminders[6],
             Catch::Contains("A-1 is 7 days overdue") && !Catch::Contains("has been told"));
  CHECK_THAT(reminders[7], Catch::Contains("The lead of INC-1 has been told too."));

  // The escalation, once: to the lead (dana declared it) and in the incident's channel.
  const auto to_lead = scheduled(run.out, "DM dana", "7 reminders went unanswered");
  const auto in_channel = scheduled(run.out, "#general", "7 reminders went unanswered");
  CHECK(times_of(to_lead) == std::vector<std::string>{"2026-03-21T07:00:00Z"});
  CHECK(times_of(in_channel) == std::vector<std::string>{"2026-03-21T07:00:00Z"});
  CHECK_THAT(in_channel.at(0), Catch::Contains("A-1 for @sam is 8 days overdue") &&
                                   Catch::Contains("@dana, as lead of INC-1"));

  // Done from anywhere stops it: nothing scheduled after it, through April.
  CHECK_THAT(run.out, Catch::Contains("A-1 done (INC-1, @sam)"));
  std::istringstream lines(run.out);
  std::string line;
  while (std::getline(lines, line))
    if (line.starts_with("2026-")) CHECK(line.substr(0, 20) <= "2026-03-21T12:05:00Z");
}

TEST_CASE("a restart mid-week neither repeats nor forgets a reminder", "[integration][reminders]") {
  Workspace ws(kSamInLosAngeles + "[reminders]\nescalate_after = 0\n");
  auto first = ws.replay(kIncidentWithItem + "2026-03-17T12:00:00Z #random lee: ping\n");
  CHECK(times_of(scheduled(first.out, "DM sam", "overdue")) ==
        std::vector<std::string>{"2026-03-14T07:00:00Z", "2026-03-15T07:00:00Z",
                                 "2026-03-16T07:00:00Z", "2026-03-17T07:00:00Z"});
  // The second file carries on where the first stopped, on the same data.
  auto second = ws.replay("2026-03-19T12:00:00Z #random lee: ping again\n");
  INFO(second.out);
  CHECK(times_of(scheduled(second.out, "DM sam", "overdue")) ==
        std::vector<std::string>{"2026-03-18T07:00:00Z", "2026-03-19T07:00:00Z"});
  CHECK(scheduled(second.out, "DM sam", "Heads-up").empty());
  // Replaying either file again sends nothing.
  auto again = ws.replay(kIncidentWithItem + "2026-03-19T12:00:00Z #random lee: ping again\n");
  CHECK(scheduled(again.out, "DM sam", "").empty());
}

TEST_CASE("a quiet P1 gets an update nudge after 15 minutes, snooze holds it off",
          "[integration][reminders]") {
  const std::string start =
      "2026-03-12T14:00:00Z dana: /incident start Checkout down sev:P1\n"
      "2026-03-12T14:05:00Z sam: /incident note rollback started\n"
      "2026-03-12T14:19:59Z #random lee: ping\n"
      "2026-03-12T14:21:00Z #random lee: ping\n";
  SECTION("nudged at 14:20 and every 15 minutes of silence after") {
    Workspace ws;
    auto run = ws.replay(start + "# clock 2026-03-12T14:53:00Z\n");
    INFO(run.out);
    const auto nudges = scheduled(run.out, "#general", "nothing added to the timeline");
    CHECK(times_of(nudges) == std::vector<std::string>{"2026-03-12T14:20:00Z",
                                                       "2026-03-12T14:35:00Z",
                                                       "2026-03-12T14:50:00Z"});
    CHECK_THAT(nudges.at(0), Catch::Contains("INC-1 (P1): nothing added to the timeline for 15 "
                                             "min. @dana, post an update"));
  }
  SECTION("snoozed for 30 minutes at 14:22: the next nudge waits until 14:52") {
    Workspace ws;
    auto run = ws.replay(start + "2026-03-12T14:22:00Z dana: /incident snooze 30m\n" +
                         "# clock 2026-03-12T14:53:00Z\n");
    INFO(run.out);
    CHECK(times_of(scheduled(run.out, "#general", "nothing added to the timeline")) ==
          std::vector<std::string>{"2026-03-12T14:20:00Z", "2026-03-12T14:52:00Z"});
  }
}

TEST_CASE("an incident whose lead steps down is nudged to assign one", "[integration][reminders]") {
  Workspace ws;
  auto run = ws.replay(
      "2026-03-12T14:00:00Z dana: /incident start Checkout down sev:P2\n"
      "2026-03-12T14:01:00Z dana: /incident lead none\n"
      "# clock 2026-03-12T14:20:00Z\n");
  INFO(run.out);
  CHECK(times_of(scheduled(run.out, "#general", "has had no lead for 10 min")) ==
        std::vector<std::string>{"2026-03-12T14:11:00Z"});
}

TEST_CASE("the weekly digest of a prepared history shows days overdue and the completion rate",
          "[integration][reminders][digest]") {
  Workspace ws("[digest]\nchannel = \"#ops\"\nweekday = \"monday\"\ntime = \"09:00\"\n");
  auto run = ws.replay(read_file(kExample) +
                       "2026-03-16T10:00:00Z sam: /incident done A-1\n"
                       "# clock 2026-03-23T09:30:00Z\n");
  INFO(run.out);
  CHECK(times_of(scheduled(run.out, "#ops", "Weekly review")) ==
        std::vector<std::string>{"2026-03-16T09:00:00Z", "2026-03-23T09:00:00Z"});
  const auto second = run.out.substr(run.out.find("2026-03-23T09:00:00Z [#ops]"));
  const std::string dash = " \xE2\x80\x94 ";
  CHECK_THAT(second,
             Catch::Contains("Weekly review of action items, 2026-03-16 to 2026-03-23 (UTC)"));
  CHECK_THAT(second,
             Catch::Contains("Open (2), by owner:\n@dana\n  A-3" + dash +
                             "Reduce the uptime check interval from 5 minutes to 1 minute" + dash +
                             "due 2026-03-19 (INC-1)" + dash +
                             "4 days overdue\n"
                             "@lee\n  A-2" +
                             dash + "Add a linter rule that rejects unclosed database resources" +
                             dash + "due 2026-03-26 (INC-1)\n"));
  CHECK_THAT(second, Catch::Contains("Closed this week (1):\n  A-1 @sam" + dash +
                                     "Fix the query to close its connections (INC-1)" + dash +
                                     "done 2026-03-16"));
  CHECK_THAT(second, Catch::Contains("Completion rate over the last 90 days: 50% (1 done of 2 "
                                     "items that came due)."));
  CHECK_THAT(second, Catch::Contains("That is below the 80% target"));

  // The same review on the terminal, as of the same instant.
  auto terminal = ws.scribe({"actions", "--digest", "--at", "2026-03-23T09:00:00Z"});
  INFO(terminal.err);
  CHECK(terminal.exit_code == 0);
  CHECK_THAT(terminal.out, Catch::Contains("due 2026-03-19 (INC-1)" + dash + "4 days overdue") &&
                               Catch::Contains("50% (1 done of 2 items that came due)") &&
                               Catch::Contains("below the 80% target"));
  CHECK(ws.scribe({"actions", "--digest", "--at", "yesterday"}).exit_code == 2);
}

TEST_CASE("close says whether a full postmortem is required", "[integration][reminders]") {
  Workspace ws;
  auto run = ws.replay(read_file(kExample));
  CHECK_THAT(run.out, Catch::Contains("A full postmortem is required (P1; 40 min of customer "
                                      "impact): fill in the draft and name a reviewer with "
                                      "`/incident reviewer @name INC-1`."));
}

TEST_CASE("the console catches up on due reminders when it starts, once",
          "[integration][reminders]") {
  Workspace ws;
  ws.replay(
      "2021-01-04T10:00:00Z dana: /incident start Old outage sev:P3\n"
      "2021-01-04T10:01:00Z dana: /incident action @sam Write the runbook due 2021-01-05\n"
      "2021-01-04T10:02:00Z dana: /incident resolved\n"
      "2021-01-04T10:03:00Z dana: /incident close\n");
  auto first = ws.scribe({"console", "--as", "dana"}, "/quit\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("[DM sam] scribe: \xE2\x8F\xB0 A-1 is ") &&
                            Catch::Contains("days overdue: Write the runbook"));
  CHECK_THAT(first.out, !Catch::Contains("Heads-up"));  // long past: no stale heads-up
  auto second = ws.scribe({"console", "--as", "dana"}, "/quit\n");
  CHECK_THAT(second.out, !Catch::Contains("[DM sam]"));
}
