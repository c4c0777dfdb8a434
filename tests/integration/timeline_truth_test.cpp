// Known answers for the timeline and its figures, through the real `scribe`
// binary replaying transcripts: times typed around DST changes and with their
// own zones, detection before impact, close without a resolved time,
// corrections after the close from other channels, severity history, owners
// in other zones, and a transcript whose clock jumps years.
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/process.hpp"
#include "tests/support/replay_workspace.hpp"

using scribe::test::read_file;
using scribe::test::Workspace;
using scribe::test::write_file;

namespace {

const std::string kDash = "\xE2\x80\x93";  // en dash between clock times

struct Replayed {
  scribe::test::ProcessResult run;
  std::string draft;  // the last draft the run wrote
};

Replayed replay(Workspace& w, const std::string& transcript, const std::string& name = "t.txt") {
  const auto path = w.dir / name;
  write_file(path, transcript);
  Replayed r{w.scribe({"replay", path.string()}), ""};
  const std::string draft_path = Workspace::draft_path(r.run.out);
  if (!draft_path.empty()) r.draft = read_file(w.dir / draft_path);
  return r;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("replay: a fall-back incident in New York typed in the repeated hour",
          "[integration][replay][timeline]") {
  Workspace w("America/New_York");
  // 06:32Z is 01:32 EST, the second pass of 01:00-02:00 on 2026-11-01.
  const auto r = replay(w,
                        "2026-11-01T06:32:00Z dana: /incident start Checkout errors sev:P2\n"
                        "2026-11-01T06:33:00Z dana: /incident impact 01:30 first 500s\n"
                        "2026-11-01T06:34:00Z dana: /incident detected 01:31 pager\n"
                        "2026-11-01T06:40:00Z dana: /incident resolved 01:40 rolled back\n"
                        "2026-11-01T06:41:00Z dana: /incident close\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  // 10 minutes, not 71: the most recent 01:30 is the EST one.
  CHECK_THAT(r.run.out, Catch::Contains("\"01:30\" read as 2026-11-01 01:30 EST, 3 min ago"));
  CHECK_THAT(r.draft, Catch::Contains("**Total customer impact: 10 minutes (01:30" + kDash + "01:40)**"));
  CHECK_THAT(r.draft, Catch::Contains("Duration: 00:09 (detection to resolution)"));
  CHECK_THAT(r.draft, Catch::Contains("**Detection gap: 1 minute (01:30" + kDash + "01:31)**"));
  CHECK_THAT(r.draft, !Catch::Contains("order looks wrong"));
}

TEST_CASE("replay: a Berlin responder pastes UTC and offset times", "[integration][replay][timeline]") {
  Workspace w("UTC", "[people]\ndana = \"Europe/Berlin\"\n");
  const auto r = replay(
      w,
      "2026-07-21T12:00:00Z dana: /incident start SSO logins failing sev:P2\n"
      "2026-07-21T12:01:00Z dana: /incident impact 11:40Z first failed logins\n"
      "2026-07-21T12:02:00Z dana: /incident detected 2026-07-21T11:50:00Z synthetic check red\n"
      "2026-07-21T12:20:00Z dana: /incident mitigated 14:15 +02:00 failover to the standby IdP\n"
      "2026-07-21T12:30:00Z dana: /incident resolved 14:25 all green\n"
      "2026-07-21T12:31:00Z dana: /incident close\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  // The zone is part of the time, not of the text.
  CHECK_THAT(r.draft, Catch::Contains("**Impact started**: first failed logins (@dana)"));
  CHECK_THAT(r.draft, Catch::Contains("**Mitigated**: failover to the standby IdP (@dana)"));
  CHECK_THAT(r.draft, !Catch::Contains("**Mitigated**: +02:00"));
  // Impact 11:40 UTC, detected 11:50 UTC, mitigated 12:15 UTC, resolved 14:25 Berlin = 12:25 UTC.
  CHECK_THAT(r.draft, Catch::Contains("**Total customer impact: 45 minutes (11:40" + kDash + "12:25)**"));
  CHECK_THAT(r.draft, Catch::Contains("**Detection gap: 10 minutes (11:40" + kDash + "11:50)**"));
  CHECK_THAT(r.draft, Catch::Contains("Time to mitigate: 25 minutes (11:50" + kDash + "12:15)"));
  CHECK_THAT(r.run.out,
             Catch::Contains("\"11:40Z\" read as 2026-07-21 11:40 UTC (2026-07-21 13:40 CEST for you)"));
  CHECK_THAT(r.run.out, Catch::Contains("\"14:25\" read as 2026-07-21 14:25 CEST, 5 min ago"));
}

TEST_CASE("replay: a detection before customer impact is good news, not a warning",
          "[integration][replay][timeline]") {
  Workspace w;
  const auto r = replay(w,
                        "2026-03-12T14:25:00Z dana: /incident start Canary errors sev:P3\n"
                        "2026-03-12T14:26:00Z dana: /incident detected 14:20 canary alert\n"
                        "2026-03-12T14:40:00Z dana: /incident impact 14:31 first customer 500s\n"
                        "2026-03-12T15:00:00Z dana: /incident resolved 14:50\n"
                        "2026-03-12T15:01:00Z dana: /incident close\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.draft, Catch::Contains("**Detection gap: 0 minutes** " "\xE2\x80\x94" " detected 11 minutes before customer impact (14:20" + kDash + "14:31)."));
  CHECK_THAT(r.draft, !Catch::Contains("order looks wrong"));
  CHECK_THAT(r.draft, !Catch::Contains("shorten time to detect"));
  CHECK_THAT(r.draft, Catch::Contains("**Total customer impact: 19 minutes"));
  CHECK_THAT(r.run.out, Catch::Contains("detection gap 0 min (detected 11 min before customer impact)"));
}

TEST_CASE("replay: close without a resolved time resolves at the close and says so",
          "[integration][replay][timeline]") {
  Workspace w;
  const auto r = replay(w,
                        "2026-03-12T14:25:00Z dana: /incident start Queue backlog sev:P3\n"
                        "2026-03-12T14:26:00Z dana: /incident impact 14:10 jobs late\n"
                        "2026-03-12T14:55:00Z dana: /incident close\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.run.out, Catch::Contains("No resolved time was given, so it is resolved at the close, "
                                        "2026-03-12 14:55 UTC"));
  CHECK_THAT(r.run.out, Catch::Contains("customer impact 45 min"));
  CHECK_THAT(r.draft, Catch::Contains("**Total customer impact: 45 minutes (14:10" + kDash + "14:55)**"));
  CHECK_THAT(r.draft, Catch::Contains("Status: closed"));
}

TEST_CASE("replay: a correction after the close, from another channel the next day",
          "[integration][replay][timeline]") {
  Workspace w;
  const std::string example = read_file(std::string(SCRIBE_SOURCE_DIR) +
                                        "/examples/db-pool-exhaustion.txt");
  const auto first = replay(w, example, "incident.txt");
  REQUIRE(first.run.exit_code == 0);
  REQUIRE_THAT(first.draft, Catch::Contains("Total customer impact: 40 minutes"));

  // The review finds the first errors in the logs ten minutes earlier.
  const auto r = replay(w,
                        "2026-03-13T09:12:00Z #postmortems lee: /incident impact INC-1 2026-03-12 "
                        "14:21 first 503s in the load balancer logs\n"
                        "2026-03-13T09:14:00Z #postmortems lee: /incident timeline INC-1\n",
                        "review.txt");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.run.out, Catch::Contains("Draft v2 of INC-1 written to"));
  CHECK_THAT(r.draft, Catch::Contains("(draft v2)"));
  CHECK_THAT(r.draft, Catch::Contains("**Total customer impact: 50 minutes (14:21" + kDash + "15:11)**"));
  CHECK_THAT(r.draft, Catch::Contains("**Detection gap: 23 minutes (14:21" + kDash + "14:44)**"));
  CHECK_THAT(r.draft, Catch::Contains("## Corrections after the close"));
  CHECK_THAT(r.draft, Catch::Contains("- 2026-03-13 09:12 UTC " "\xE2\x80\x94" " @lee: Impact started (T-"));
  CHECK_THAT(r.draft, Catch::Contains("first 503s in the load balancer logs"));
  // Said where it was typed, and the timeline answers from there with its ids.
  CHECK_THAT(r.run.out, Catch::Contains("[#postmortems] scribe: INC-1: Impact started (T-"));
  CHECK_THAT(r.run.out, Catch::Contains("[#postmortems] scribe (to lee): Timeline of INC-1"));
  CHECK_THAT(r.run.out, Catch::Contains("T-1 \xC2\xB7 2026-03-12 14:46 UTC"));

  // Replaying the review again changes nothing: each event is applied once.
  const auto again = replay(w, read_file(w.dir / "review.txt"), "review.txt");
  CHECK_THAT(again.run.out, !Catch::Contains("written to"));
}

TEST_CASE("replay: two incidents, one changed by INC-n from a third channel",
          "[integration][replay][timeline]") {
  Workspace w;
  const auto r = replay(
      w,
      "2026-03-12T10:00:00Z #payments dana: /incident start Card declines sev:P3\n"
      "2026-03-12T10:05:00Z #search sam: /incident start Search slow sev:P4\n"
      "2026-03-12T10:10:00Z #ops lee: /incident sev INC-2 P2\n"
      "2026-03-12T10:11:00Z #ops lee: /incident title INC-2 Search down in eu-west\n"
      "2026-03-12T10:12:00Z #ops lee: /incident note INC-2 10:02 replica lag alarms\n"
      "2026-03-12T10:13:00Z #ops lee: /incident sev P1\n"
      "2026-03-12T10:14:00Z #ops lee: /incident list\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.run.out, Catch::Contains("INC-2 \xC2\xB7 P2 \xC2\xB7 open \xC2\xB7 Search down in eu-west"));
  CHECK_THAT(r.run.out, Catch::Contains("INC-1 \xC2\xB7 P3 \xC2\xB7 open \xC2\xB7 Card declines"));
  // Without INC-n, #ops has no incident: nothing is changed by guesswork.
  CHECK_THAT(r.run.out, Catch::Contains("[#ops] scribe (to lee): No open incident in this channel"));
  const auto draft = w.scribe({"draft", "2"});
  REQUIRE(draft.exit_code == 0);
  const std::string text = read_file(w.dir / Workspace::draft_path(draft.out));
  CHECK_THAT(text, Catch::Contains("# INC-2: Search down in eu-west"));
  CHECK_THAT(text, Catch::Contains("- 10:02 " "\xE2\x80\x94" " replica lag alarms (@lee)"));
}

TEST_CASE("replay: a time typed a few minutes ahead is refused, not read as yesterday's",
          "[integration][replay][timeline]") {
  Workspace w;
  const auto r = replay(w,
                        "2026-03-12T14:40:00Z dana: /incident start API 503s sev:P2\n"
                        "2026-03-12T14:41:00Z dana: /incident impact 14:31\n"
                        "2026-03-12T14:47:00Z dana: /incident detected 14:50 alert\n"
                        "2026-03-12T14:48:00Z dana: /incident detected 14:45 alert\n"
                        "2026-03-12T15:00:00Z dana: /incident resolved\n"
                        "2026-03-12T15:01:00Z dana: /incident close\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.run.out, Catch::Contains("14:50 is 3 min ahead of now, so it has not happened yet "
                                        "(it is 2026-03-12 14:47 UTC). For yesterday's, give the "
                                        "date: 2026-03-11 14:50."));
  CHECK_THAT(r.draft, Catch::Contains("**Detection gap: 14 minutes (14:31" + kDash + "14:45)**"));
  CHECK_THAT(r.draft, Catch::Contains("Duration: 00:15 (detection to resolution)"));
  CHECK_THAT(r.draft, !Catch::Contains("order looks wrong"));
}

TEST_CASE("replay: a P1 downgraded before resolution still needs a full postmortem",
          "[integration][replay][timeline]") {
  Workspace w;
  const auto r = replay(w,
                        "2026-03-12T14:00:00Z dana: /incident start Checkout down sev:P1\n"
                        "2026-03-12T15:50:00Z dana: /incident sev P4\n"
                        "2026-03-12T16:00:00Z dana: /incident resolved\n"
                        "2026-03-12T16:01:00Z dana: /incident close\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.run.out, Catch::Contains("A full postmortem is required (P1 at its worst, P4 at the end)"));
}

TEST_CASE("replay: an owner in another zone gets due dates in their zone",
          "[integration][replay][timeline]") {
  Workspace w("America/New_York", "[people]\npriya = \"Asia/Kolkata\"\n");
  // 20:00 in New York on 2026-03-12 is 05:30 on 2026-03-13 in Kolkata.
  const auto r = replay(w,
                        "2026-03-13T00:00:00Z dana: /incident start Ledger drift sev:P3\n"
                        "2026-03-13T00:05:00Z dana: /incident action @priya reconcile ledgers due today\n"
                        "2026-03-13T00:06:00Z dana: /incident action @priya backfill due 2026-03-12\n"
                        "# clock 2026-03-13T18:29:00Z\n"
                        "2026-03-13T18:29:30Z dana: /incident note still here\n"
                        "# clock 2026-03-14T12:00:00Z\n");
  INFO(r.run.out << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.run.out, Catch::Contains("A-1 for @priya: reconcile ledgers " "\xE2\x80\x94" " due 2026-03-13"));
  CHECK_THAT(r.run.out, Catch::Contains("\"2026-03-12\" has already passed: it is 2026-03-13 for the owner now"));
  // Late only after Kolkata's 2026-03-13 ends (18:30Z): nothing before the
  // later line at 18:29:30Z, one reminder after.
  const auto still_here = r.run.out.find("still here");
  const auto reminder = r.run.out.find("[DM priya] scribe: ");
  REQUIRE(reminder != std::string::npos);
  CHECK(reminder > still_here);
  CHECK_THAT(r.run.out, Catch::Contains("2026-03-13T18:30:00Z [DM priya] scribe:"));
  CHECK(count_of(r.run.out, "[DM priya]") == 1);
}

TEST_CASE("replay: a transcript whose clock jumps ten years sends bounded catch-up work",
          "[integration][replay][timeline]") {
  Workspace w("UTC",
              "[postmortem]\nrequired_severity = \"P2\"\n"
              "[digest]\nchannel = \"#ops\"\n");
  const auto r = replay(w,
                        "2026-03-12T14:00:00Z dana: /incident start Checkout down sev:P1\n"
                        "2026-03-12T14:10:00Z dana: /incident action @sam add pool alarms due +3d\n"
                        "2026-03-12T15:00:00Z dana: /incident resolved\n"
                        "2026-03-12T15:01:00Z dana: /incident close\n"
                        "2036-03-13T09:00:00Z sam: /incident list\n"
                        "2026-03-13T09:05:00Z sam: /incident list\n");
  INFO(r.run.out.substr(0, 4000) << r.run.err);
  REQUIRE(r.run.exit_code == 0);
  CHECK_THAT(r.run.err, Catch::Contains("line 5: the clock jumps 3653 days past line 4"));
  // One overdue reminder for A-1 and one review reminder, not one per missed day.
  CHECK(count_of(r.run.out, "A-1 is") == 1);
  CHECK(count_of(r.run.out, "[DM dana] scribe:") <= 2);
  CHECK(count_of(r.run.out, "\n") < 40);
}
