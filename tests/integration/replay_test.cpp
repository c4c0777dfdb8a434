// The real `scribe` binary replaying transcripts into a real data directory.
#include <catch2/catch.hpp>
#include <filesystem>
#include <cstdio>
#include <regex>
#include <sstream>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/replay_workspace.hpp"
#include "tests/support/temp_dir.hpp"

using scribe::test::read_file;
using scribe::test::run_process;
using scribe::test::TempDir;
using scribe::test::write_file;
using scribe::test::Workspace;

namespace {

const std::string kExample = std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt";
const std::string kDash = "\xE2\x80\x93";  // en dash between clock times

// The known-answer transcript moved into another zone: every timestamp and
// every typed HH:MM is the same instant, written as local time at `offset`.
std::string shifted_example(int offset_minutes, const std::string& offset_text) {
  std::istringstream in(read_file(kExample));
  std::string out, line;
  auto shift_clock = [&](int h, int m) {
    int total = ((h * 60 + m + offset_minutes) % 1440 + 1440) % 1440;
    char buf[6];
    std::snprintf(buf, sizeof buf, "%02d:%02d", total / 60, total % 60);
    return std::string(buf);
  };
  const std::regex stamp(R"(^2026-03-12T(\d\d):(\d\d):(\d\d)Z (.*)$)");
  const std::regex typed(R"(^(dana|sam): /incident (\w+) (\d\d):(\d\d) (.*)$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, stamp)) {
      out += line + "\n";
      continue;
    }
    const int h = std::stoi(m[1]), mi = std::stoi(m[2]);
    std::string rest = m[4];
    std::smatch t;
    if (std::regex_match(rest, t, typed))
      rest = std::string(t[1]) + ": /incident " + std::string(t[2]) + " " +
             shift_clock(std::stoi(t[3]), std::stoi(t[4])) + " " + std::string(t[5]);
    // All of the example stays on 2026-03-12 in both zones used below.
    out += "2026-03-12T" + shift_clock(h, mi) + ":" + std::string(m[3]) + offset_text + " " + rest +
           "\n";
  }
  return out;
}

// The bullet lines of one "## Section" of a draft.
std::vector<std::string> section_bullets(const std::string& draft, const std::string& heading) {
  std::vector<std::string> lines;
  const auto start = draft.find("## " + heading);
  REQUIRE(start != std::string::npos);
  std::istringstream in(draft.substr(start));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line) && !line.starts_with("## "))
    if (line.starts_with("- ")) lines.push_back(line);
  return lines;
}

void check_known_answers(const std::string& draft, const std::string& impact_range,
                         const std::string& gap_range) {
  CHECK_THAT(draft, Catch::Contains("Duration: 00:27 (detection to resolution)"));
  CHECK_THAT(draft, Catch::Contains("Severity: P1"));
  CHECK_THAT(draft,
             Catch::Contains("**Total customer impact: 40 minutes (" + impact_range + ")**"));
  CHECK_THAT(draft, Catch::Contains("**Detection gap: 13 minutes (" + gap_range + ")**"));
  CHECK_THAT(draft, Catch::Contains("Time to acknowledge: 2 minutes"));
  CHECK_THAT(draft, Catch::Contains("Time to identify: 8 minutes"));
  CHECK_THAT(draft, Catch::Contains("Time to mitigate: 19 minutes"));
}

}  // namespace

TEST_CASE("replaying the known-answer incident writes the expected draft", "[integration]") {
  Workspace ws;
  auto run = ws.scribe({"replay", kExample});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const std::string path = Workspace::draft_path(run.out);
  REQUIRE_FALSE(path.empty());
  const std::string draft = read_file(path);
  INFO(draft);

  check_known_answers(draft, "14:31" + kDash + "15:11", "14:31" + kDash + "14:44");

  const auto timeline = section_bullets(draft, "Timeline");
  REQUIRE(timeline.size() >= 9);
  CHECK(timeline.front().starts_with("- 14:12"));
  CHECK(timeline.back().starts_with("- 15:11"));
  CHECK(std::is_sorted(timeline.begin(), timeline.end()));  // "- HH:MM" sorts by time

  for (int n = 1; n <= 5; ++n) CHECK_THAT(draft, Catch::Contains(std::to_string(n) + ". "));
  CHECK_THAT(draft, Catch::Contains("1. The database ran out of connections"));
  CHECK_THAT(draft, Catch::Contains("5. We never added linting rules"));
  CHECK_THAT(draft,
             Catch::Contains("- [ ] @sam \xE2\x80\x94 Fix the query to close its connections "
                             "\xE2\x80\x94 due 2026-03-13"));
  CHECK_THAT(draft, Catch::Contains("- [ ] @lee \xE2\x80\x94 Add a linter rule that rejects "
                                    "unclosed database resources \xE2\x80\x94 due 2026-03-26"));
  CHECK_THAT(draft, Catch::Contains("- [ ] @dana \xE2\x80\x94 Reduce the uptime check interval "
                                    "from 5 minutes to 1 minute \xE2\x80\x94 due 2026-03-19"));
  // A-3 shortens the uptime check: Scribe suggests no detection item of its own.
  CHECK_THAT(draft, !Catch::Contains("Suggested: shorten time to detect"));
  CHECK_THAT(draft, Catch::Contains("the action items already address detection"));
  CHECK_THAT(draft, Catch::Contains("15:30:00 @dana: /incident close"));  // transcript appendix
}

TEST_CASE("replay writes the timeline picture beside the draft, and the draft shows it",
          "[integration][svg]") {
  Workspace ws;
  auto run = ws.scribe({"replay", kExample});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const std::filesystem::path draft_path = Workspace::draft_path(run.out);
  const auto picture = draft_path.parent_path() / "INC-1-timeline.svg";
  REQUIRE(std::filesystem::exists(picture));
  const std::string svg = read_file(picture);
  CHECK_THAT(svg, Catch::Contains("<rect class=\"impact\""));
  CHECK_THAT(svg, Catch::Contains("data-minutes=\"40\""));
  CHECK_THAT(svg, Catch::Contains("<rect class=\"detection-gap\""));
  CHECK_THAT(svg, Catch::Contains("data-minutes=\"13\""));
  CHECK_THAT(read_file(draft_path), Catch::Contains("![The timeline of INC-1](INC-1-timeline.svg)"));
}

TEST_CASE("the same incident typed in New York and in Kolkata gives the same figures",
          "[integration][timezone]") {
  SECTION("America/New_York, EDT (-04:00)") {
    Workspace ws("America/New_York");
    write_file(ws.dir / "ny.txt", shifted_example(-240, "-04:00"));
    auto run = ws.scribe({"replay", (ws.dir / "ny.txt").string()});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    const std::string draft = read_file(Workspace::draft_path(run.out));
    check_known_answers(draft, "10:31" + kDash + "11:11", "10:31" + kDash + "10:44");
    CHECK_THAT(draft, Catch::Contains("America/New_York (EDT)"));
  }
  SECTION("Asia/Kolkata, IST (+05:30)") {
    Workspace ws("Asia/Kolkata");
    write_file(ws.dir / "in.txt", shifted_example(330, "+05:30"));
    auto run = ws.scribe({"replay", (ws.dir / "in.txt").string()});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    const std::string draft = read_file(Workspace::draft_path(run.out));
    check_known_answers(draft, "20:01" + kDash + "20:41", "20:01" + kDash + "20:14");
    CHECK_THAT(draft, Catch::Contains("Asia/Kolkata (IST)"));
  }
}

TEST_CASE("an incident across midnight and one across a DST change are measured right",
          "[integration][timezone]") {
  SECTION("midnight: HH:MM typed after midnight for a time before it is yesterday's") {
    Workspace ws;
    write_file(ws.dir / "t.txt",
               "2026-03-12T23:58:00Z dana: /incident start Queue backlog sev:P2\n"
               "2026-03-13T00:05:00Z dana: /incident impact 23:50 consumers stalled\n"
               "2026-03-13T00:06:00Z dana: /incident detected 23:57 lag alert\n"
               "2026-03-13T00:20:00Z dana: /incident resolved\n"
               "2026-03-13T00:21:00Z dana: /incident close\n");
    auto run = ws.scribe({"replay", (ws.dir / "t.txt").string()});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    const std::string draft = read_file(Workspace::draft_path(run.out));
    INFO(draft);
    CHECK_THAT(draft, Catch::Contains("Total customer impact: 30 minutes"));
    CHECK_THAT(draft, Catch::Contains("Detection gap: 7 minutes"));
    CHECK_THAT(draft, Catch::Contains("Duration: 00:23"));
  }
  SECTION("DST: New York springs forward at 02:00 EST to 03:00 EDT on 2026-03-08") {
    Workspace ws("America/New_York");
    write_file(ws.dir / "t.txt",
               "2026-03-08T01:40:00-05:00 dana: /incident start Batch jobs failing sev:P3\n"
               "2026-03-08T01:45:00-05:00 dana: /incident impact 01:35 first failures\n"
               "2026-03-08T01:50:00-05:00 dana: /incident detected 01:38 alert\n"
               "2026-03-08T03:10:00-04:00 dana: /incident resolved 03:05\n"
               "2026-03-08T03:12:00-04:00 dana: /incident close\n");
    auto run = ws.scribe({"replay", (ws.dir / "t.txt").string()});
    INFO(run.out << run.err);
    REQUIRE(run.exit_code == 0);
    const std::string draft = read_file(Workspace::draft_path(run.out));
    INFO(draft);
    // 01:35 EST to 03:05 EDT is 30 minutes of real time, not 90.
    CHECK_THAT(draft, Catch::Contains("Total customer impact: 30 minutes"));
    CHECK_THAT(draft, Catch::Contains("Duration: 00:27"));
  }
}

TEST_CASE("replay reports bad lines with their number, skips them and exits non-zero",
          "[integration]") {
  Workspace ws;
  write_file(ws.dir / "t.txt",
             "# a comment\n"
             "2026-03-12T10:00:00Z dana: /incident start Search slow\n"
             "yesterday dana: this line has no timestamp\n"
             "\n"
             "2026-03-12T10:01:00Z dana: /incident note reindex started\n"
             "2026-03-12T10:02:00Z no colon here\n");
  auto run = ws.scribe({"replay", (ws.dir / "t.txt").string()});
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.err, Catch::Contains("line 3:"));
  CHECK_THAT(run.err, Catch::Contains("line 6:"));
  CHECK_THAT(run.out, Catch::Contains("Noted"));  // the good lines after a bad one still apply
}

TEST_CASE("a replayed transcript applied twice changes nothing the second time",
          "[integration][idempotence]") {
  Workspace ws;
  auto first = ws.scribe({"replay", kExample});
  REQUIRE(first.exit_code == 0);
  const std::string db = read_file(ws.dir / "data" / "scribe.db");
  auto second = ws.scribe({"replay", kExample});
  REQUIRE(second.exit_code == 0);
  CHECK_THAT(second.out, !Catch::Contains("written to"));
  CHECK_THAT(second.out, !Catch::Contains("scribe:"));
  auto actions = ws.scribe({"actions"});
  CHECK(std::count(actions.out.begin(), actions.out.end(), '\n') == 3);
}

TEST_CASE("the console survives a restart mid-incident and carries on", "[integration]") {
  Workspace ws;
  auto first = ws.scribe({"console", "--as", "dana"},
                         "/incident start Login errors sev:P2\n"
                         "/incident impact -20m users see 500 on login\n"
                         "/incident detected -10m\n"
                         "/quit\n");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out, Catch::Contains("INC-1 declared: Login errors"));

  auto second = ws.scribe({"console", "--as", "sam"},
                          "the session store was full\n"
                          "/incident resolved\n"
                          "/incident action @sam raise the session store limit due +3d\n"
                          "/incident close\n");
  INFO(second.out << second.err);
  REQUIRE(second.exit_code == 0);
  const std::string draft = read_file(Workspace::draft_path(second.out));
  CHECK_THAT(draft, Catch::Contains("Total customer impact: 20 minutes"));
  CHECK_THAT(draft, Catch::Contains("Detection gap: 10 minutes"));
  CHECK_THAT(draft, Catch::Contains("sam: the session store was full"));
  CHECK_THAT(draft, Catch::Contains("- [ ] @sam \xE2\x80\x94 raise the session store limit"));
}
