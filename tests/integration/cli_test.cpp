// The `scribe` command line as a user meets it: exit codes, messages, files.
#include <catch2/catch.hpp>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using scribe::test::read_file;
using scribe::test::run_process;
using scribe::test::TempDir;
using scribe::test::write_file;

namespace {
scribe::test::ProcessResult scribe_cmd(std::vector<std::string> args, const TempDir& dir) {
  args.insert(args.begin(), scribe::test::scribe_binary());
  return run_process(args, "", dir.path());
}
}  // namespace

TEST_CASE("help, version and usage errors", "[integration][cli]") {
  TempDir dir;
  auto help = scribe_cmd({"--help"}, dir);
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("scribe replay FILE"));
  auto version = scribe_cmd({"--version"}, dir);
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::StartsWith("scribe "));
  auto unknown = scribe_cmd({"frobnicate"}, dir);
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown command `frobnicate`"));
  auto missing = scribe_cmd({"replay"}, dir);
  CHECK(missing.exit_code == 2);
  auto no_config = scribe_cmd({"check-config", "--config", "/no/such.toml"}, dir);
  CHECK(no_config.exit_code == 2);
  CHECK_THAT(no_config.err, Catch::Contains("/no/such.toml"));
}

TEST_CASE("defaults need no config: data goes to ./scribe-data", "[integration][cli]") {
  TempDir dir;
  auto run = scribe_cmd(
      {"replay", std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt"}, dir);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(std::filesystem::exists(dir / "scribe-data" / "scribe.db"));
  CHECK(
      std::filesystem::exists(dir / "scribe-data" / "drafts" / "INC-1" / "INC-1-postmortem-v1.md"));

  SECTION("scribe draft writes a new version, by INC-<n> or <n>") {
    auto draft = scribe_cmd({"draft", "INC-1", "--out", (dir / "out.md").string()}, dir);
    INFO(draft.err);
    CHECK(draft.exit_code == 0);
    CHECK_THAT(draft.out, Catch::Contains("Draft v2 of INC-1"));
    CHECK_THAT(read_file(dir / "out.md"), Catch::Contains("(draft v2)"));
    CHECK(scribe_cmd({"draft", "1"}, dir).exit_code == 0);
    CHECK(std::filesystem::exists(dir / "scribe-data" / "drafts" / "INC-1" /
                                  "INC-1-postmortem-v3.md"));
    auto missing = scribe_cmd({"draft", "INC-9"}, dir);
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("no incident INC-9"));
  }
  SECTION("scribe actions lists open items; --overdue only the late ones") {
    auto all = scribe_cmd({"actions"}, dir);
    CHECK(all.exit_code == 0);
    CHECK_THAT(all.out, Catch::Contains("A-1 [ ] @sam"));
    CHECK_THAT(all.out, Catch::Contains("A-3 [ ] @dana"));
    auto overdue = scribe_cmd({"actions", "--overdue"}, dir);
    CHECK(overdue.exit_code == 0);
    // Every item was due in March 2026; today is later than that.
    CHECK_THAT(overdue.out, Catch::Contains("days overdue"));
  }
}

TEST_CASE("check-config validates the config and every template", "[integration][cli]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "tpl");
  write_file(dir / "ok.toml", "timezone = \"Europe/Berlin\"\n");
  auto ok = scribe_cmd({"check-config", "--config", (dir / "ok.toml").string()}, dir);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("Europe/Berlin"));

  write_file(dir / "bad-zone.toml", "timezone = \"Europe/Atlantis\"\n");
  auto bad = scribe_cmd({"check-config", "--config", (dir / "bad-zone.toml").string()}, dir);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("Europe/Atlantis"));

  write_file(dir / "tpl" / "postmortem.md.mustache",
             "# {{title}}\n{{#timeline}}\n- {{entry_text}}\n");
  write_file(dir / "tpl.toml",
             "[postmortem]\ntemplates_dir = \"" + (dir / "tpl").string() + "\"\n");
  auto broken = scribe_cmd({"check-config", "--config", (dir / "tpl.toml").string()}, dir);
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.err, Catch::Contains("postmortem.md.mustache"));

  write_file(dir / "tpl" / "postmortem.md.mustache", "Custom draft for {{title}}\n");
  auto custom = scribe_cmd({"check-config", "--config", (dir / "tpl.toml").string()}, dir);
  CHECK(custom.exit_code == 0);
  CHECK_THAT(custom.out, Catch::Contains("postmortem.md.mustache from"));
  write_file(dir / "t.txt",
             "2026-03-12T10:00:00Z dana: /incident start Search slow\n"
             "2026-03-12T10:01:00Z dana: /incident draft\n");
  auto replay = scribe_cmd(
      {"replay", (dir / "t.txt").string(), "--config", (dir / "tpl.toml").string()}, dir);
  INFO(replay.err);
  REQUIRE(replay.exit_code == 0);
  CHECK(read_file(dir / "scribe-data" / "drafts" / "INC-1" / "INC-1-postmortem-v1.md") ==
        "Custom draft for Search slow\n");
}

TEST_CASE("replay refuses a directory or an unreadable file, and reads a transcript with a BOM",
          "[integration][cli]") {
  TempDir dir;
  auto directory = scribe_cmd({"replay", dir.path().string()}, dir);
  CHECK(directory.exit_code == 1);
  CHECK_THAT(directory.err, Catch::Contains("is a directory"));
  CHECK_THAT(directory.out, !Catch::Contains("Replayed 0 messages"));
  auto missing = scribe_cmd({"replay", (dir / "nope.txt").string()}, dir);
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.err, Catch::Contains("cannot read") && Catch::Contains("nope.txt"));

  write_file(dir / "bom.txt",
             "\xEF\xBB\xBF" "2026-03-12T14:46:10Z dana: /incident start API 503s sev:P1\n"
             "2026-03-12T14:47:00Z sam: caf\xE9 \xFF\n");
  auto bom = scribe_cmd({"replay", (dir / "bom.txt").string()}, dir);
  INFO(bom.out << bom.err);
  CHECK(bom.exit_code == 0);
  CHECK_THAT(bom.out, Catch::Contains("Replayed 2 messages."));
  CHECK_THAT(bom.out, Catch::Contains("INC-1 declared: API 503s"));
  auto draft = scribe_cmd({"draft", "1", "--out", (dir / "d.md").string()}, dir);
  REQUIRE(draft.exit_code == 0);
  CHECK_THAT(read_file(dir / "d.md"), Catch::Contains("sam: caf\xEF\xBF\xBD \xEF\xBF\xBD"));
}

TEST_CASE("draft and actions on a data directory without a database say so and create nothing",
          "[integration][cli]") {
  TempDir dir;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"draft", "1"}, std::vector<std::string>{"actions"},
        std::vector<std::string>{"actions", "--digest"}}) {
    auto r = scribe_cmd(args, dir);
    INFO(args[0]);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("no Scribe database at") && Catch::Contains("scribe-data"));
  }
  CHECK_FALSE(std::filesystem::exists(dir / "scribe-data" / "scribe.db"));
}

TEST_CASE("console: /as and /join need an argument, unknown slash words are not chat, list says where",
          "[integration][cli]") {
  TempDir dir;
  const auto run = run_process({scribe::test::scribe_binary(), "console", "--as", "dana"},
                               "/as\n/join\n/whoami\n/incident start Search slow\n/join #ops\n"
                               "/incident list\n/as sam\n/api/search times out\n/quit\n",
                               dir.path());
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Usage: /as NAME (you are dana)"));
  CHECK_THAT(run.out, Catch::Contains("Usage: /join #channel (you are in #general)"));
  CHECK_THAT(run.out, Catch::Contains("No console command /whoami"));
  CHECK_THAT(run.out, !Catch::Contains("No console command /api"));
  CHECK_THAT(run.out, Catch::Contains("Search slow \xC2\xB7 in #general \xC2\xB7 lead @dana"));
  auto draft = scribe_cmd({"draft", "1", "--out", (dir / "d.md").string()}, dir);
  REQUIRE(draft.exit_code == 0);
  const std::string text = read_file(dir / "d.md");
  CHECK_THAT(text, !Catch::Contains("/whoami"));
  CHECK_THAT(text, !Catch::Contains("/as"));
}

TEST_CASE("check-config lists every problem at once, a typo'd template tag with its line",
          "[integration][cli]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "tpl");
  write_file(dir / "tpl" / "postmortem.md.mustache", "# INC-{{number}}: {{titel}}\n");
  write_file(dir / "data-file", "");
  write_file(dir / "many.toml", "timezon = \"UTC\"\ndata_dir = \"" + (dir / "data-file").string() +
                                    "\"\n[postmortem]\ntemplates_dir = \"" +
                                    (dir / "tpl").string() + "\"\n[reminders]\nremind_every = \"x\"\n");
  auto many = scribe_cmd({"check-config", "--config", (dir / "many.toml").string()}, dir);
  INFO(many.err);
  CHECK(many.exit_code == 2);
  CHECK_THAT(many.err, Catch::Contains("unknown key `timezon` (line 1)\n"));
  CHECK_THAT(many.err, Catch::Contains("is a file, not a directory\n"));
  CHECK_THAT(many.err, Catch::Contains("reminders.remind_every"));
  // `run` and the others give one line, and point at check-config.
  auto replay = scribe_cmd({"replay", "x.txt", "--config", (dir / "many.toml").string()}, dir);
  CHECK(replay.exit_code == 2);
  CHECK_THAT(replay.err, Catch::Contains("(and 2 more; `scribe check-config` lists them all)"));

  write_file(dir / "tpl.toml", "[postmortem]\ntemplates_dir = \"" + (dir / "tpl").string() + "\"\n");
  auto typo = scribe_cmd({"check-config", "--config", (dir / "tpl.toml").string()}, dir);
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.err, Catch::Contains("line 1: {{titel}}"));
}
