#include "bot/app/config.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
#include "tests/support/test_tls.hpp"
#endif

using namespace scribe::app;

TEST_CASE("no config file means working defaults", "[config]") {
  Config c = load_config(std::nullopt);
  CHECK(c.timezone == "UTC");
  CHECK(c.data_dir == "./scribe-data");
  CHECK(c.postmortem.detection_target_minutes == 2);
  CHECK(c.reminders.remind_every == std::chrono::hours(24));
  CHECK_FALSE(c.slack.enabled);
  CHECK_FALSE(c.matrix.enabled);
  CHECK(c.http.listen == "127.0.0.1:9464");
}

TEST_CASE("the example config in deploy/ parses", "[config]") {
  Config c = load_config(std::string(SCRIBE_SOURCE_DIR) + "/deploy/scribe.example.toml");
  CHECK(c.timezone == "UTC");
  CHECK(c.slack.api_url == "https://slack.com/api/");
}

namespace {

// A CA file `run` can read (the tests' own CA, in a build that reads it).
std::string readable_ca_file() {
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
  return scribe::test::test_pki().ca_cert_file.string();
#else
  return "/etc/ssl/extra.pem";
#endif
}

}  // namespace

TEST_CASE("every key of the contract is read", "[config]") {
  scribe::test::TempDir dir;
  const std::string ca_file = readable_ca_file();
  Config c = parse_config(R"(
timezone = "Asia/Kolkata"
data_dir = "/var/lib/scribe"
[postmortem]
templates_dir = ")" + dir.path().string() +
                              R"("
detection_target_minutes = 5
[reminders]
check_every = "15m"
remind_every = "12h"
[slack]
enabled = true
app_token = "xapp-1"
bot_token = "xoxb-1"
api_url = "http://127.0.0.1:9000/api/"
[matrix]
enabled = false
homeserver = "https://matrix.example.org"
[people]
sam = "America/Los_Angeles"
"U024BE7LH" = "Europe/Berlin"
[tls]
ca_file = ")" + ca_file + R"("
[http]
listen = ""
)",
                          "test.toml");
  CHECK(c.timezone == "Asia/Kolkata");
  CHECK(c.database_path() == "/var/lib/scribe/scribe.db");
  CHECK(c.postmortem.detection_target_minutes == 5);
  CHECK(c.reminders.check_every == std::chrono::minutes(15));
  CHECK(c.reminders.remind_every == std::chrono::hours(12));
  CHECK(c.slack.enabled);
  CHECK(c.slack.bot_token == "xoxb-1");
  CHECK(c.slack.api_url == "http://127.0.0.1:9000/api/");
  CHECK(c.people.at("sam") == "America/Los_Angeles");
  CHECK(c.people.at("U024BE7LH") == "Europe/Berlin");
  CHECK(c.tls.ca_file == ca_file);
  CHECK(c.http.listen.empty());
}

TEST_CASE("environment variables win over tokens in the file", "[config]") {
  ::setenv("SCRIBE_SLACK_BOT_TOKEN", "xoxb-from-env", 1);
  Config c = parse_config("[slack]\nbot_token = \"xoxb-file\"\n", "t.toml");
  ::unsetenv("SCRIBE_SLACK_BOT_TOKEN");
  CHECK(c.slack.bot_token == "xoxb-from-env");
}

TEST_CASE("bad configs fail with a one-line reason naming the problem", "[config]") {
  auto reason = [](const std::string& text) {
    try {
      parse_config(text, "bad.toml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    FAIL("expected a ConfigError for: " << text);
    return std::string();
  };
  CHECK_THAT(reason("timezone = \"Mars/Olympus\""), Catch::Contains("Mars/Olympus"));
  CHECK_THAT(reason("timezon = \"UTC\""), Catch::Contains("unknown key `timezon`"));
  CHECK_THAT(reason("[reminders]\nremind_every = \"often\""), Catch::Contains("remind_every"));
  CHECK_THAT(reason("[postmortem]\ndetection_target_minutes = \"two\""),
             Catch::Contains("detection_target_minutes"));
  CHECK_THAT(reason("timezone = "), Catch::Contains("bad.toml: line 1"));
  CHECK_THAT(reason("[slack]\nenabled = true"), Catch::Contains("app_token"));
  CHECK_THAT(reason("[people]\nsam = \"Nowhere/City\""), Catch::Contains("people.sam"));
  CHECK_THAT(reason("[postmortem]\ntemplates_dir = \"/no/such/dir\""),
             Catch::Contains("not a directory"));
  CHECK_THAT(reason("[slack]\nbogus = 1"), Catch::Contains("slack.bogus"));
}

TEST_CASE("follow-through has defaults that suit a small team", "[config][reminders]") {
  const Config c = load_config(std::nullopt);
  CHECK(c.reminders.escalate_after == 3);
  CHECK(c.reminders.heads_up_before == std::chrono::hours(24));
  CHECK(c.nudges.update_after[1 - 1] == std::chrono::minutes(15));
  CHECK(c.nudges.update_after[2 - 1] == std::chrono::minutes(30));
  CHECK(c.nudges.update_after[3 - 1] == std::chrono::hours(2));
  CHECK(c.nudges.update_after[4 - 1] == std::chrono::milliseconds(0));
  CHECK(c.nudges.lead_after == std::chrono::minutes(10));
  CHECK(c.postmortem.policy.required_severity == scribe::core::Severity::p2);
  CHECK(c.postmortem.policy.required_impact_minutes == 30);
  CHECK(c.postmortem.policy.review_reminder_after == std::chrono::hours(72));
  CHECK(c.digest.schedule.channel.empty());
  CHECK(c.digest.schedule.weekday == std::chrono::Monday);
  CHECK(c.digest.schedule.time_of_day == std::chrono::hours(9));
  CHECK(c.digest.policy.completion_window == std::chrono::hours(24 * 90));
  CHECK(c.digest.policy.completion_target_percent == 80);
  // The example file spells out the same defaults.
  const Config example =
      load_config(std::string(SCRIBE_SOURCE_DIR) + "/deploy/scribe.example.toml");
  CHECK(example.reminders.escalate_after == c.reminders.escalate_after);
  CHECK(example.nudges.update_after[4 - 1] == c.nudges.update_after[4 - 1]);
  CHECK(example.postmortem.policy.review_reminder_after == c.postmortem.policy.review_reminder_after);
  CHECK(example.digest.policy.completion_window == c.digest.policy.completion_window);
}

TEST_CASE("every follow-through key is read", "[config][reminders]") {
  const Config c = parse_config(R"(
[reminders]
escalate_after = 7
heads_up_before = "off"
[nudges]
update_after_p1 = "10m"
update_after_p2 = "20m"
update_after_p3 = "1h"
update_after_p4 = "8h"
lead_after = "off"
[postmortem]
required_severity = "P1"
required_impact_minutes = 0
review_reminder_after = "5d"
[digest]
channel = "C0OPS"
platform = "slack"
weekday = "Fri"
time = "16:30"
completion_window = "30d"
completion_target = 90
)",
                                "t.toml");
  CHECK(c.reminders.escalate_after == 7);
  CHECK(c.reminders.heads_up_before == std::chrono::milliseconds(0));
  CHECK(c.nudges.update_after[1 - 1] == std::chrono::minutes(10));
  CHECK(c.nudges.update_after[2 - 1] == std::chrono::minutes(20));
  CHECK(c.nudges.update_after[3 - 1] == std::chrono::hours(1));
  CHECK(c.nudges.update_after[4 - 1] == std::chrono::hours(8));
  CHECK(c.nudges.lead_after == std::chrono::milliseconds(0));
  CHECK(c.postmortem.policy.required_severity == scribe::core::Severity::p1);
  CHECK(c.postmortem.policy.required_impact_minutes == 0);
  CHECK(c.postmortem.policy.review_reminder_after == std::chrono::hours(120));
  CHECK(c.digest.schedule.channel == "C0OPS");
  CHECK(c.digest.schedule.platform == "slack");
  CHECK(c.digest.schedule.weekday == std::chrono::Friday);
  CHECK(c.digest.schedule.time_of_day == std::chrono::hours(16) + std::chrono::minutes(30));
  CHECK(c.digest.policy.completion_window == std::chrono::hours(24 * 30));
  CHECK(c.digest.policy.completion_target_percent == 90);
}

TEST_CASE("bad follow-through values fail naming the key", "[config][reminders]") {
  auto reason = [](const std::string& text) {
    try {
      parse_config(text, "bad.toml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    FAIL("expected a ConfigError for: " << text);
    return std::string();
  };
  CHECK_THAT(reason("[nudges]\nupdate_after_p1 = \"soon\""),
             Catch::Contains("nudges.update_after_p1"));
  CHECK_THAT(reason("[nudges]\nupdate_after_p5 = \"1h\""),
             Catch::Contains("unknown key `nudges.update_after_p5`"));
  CHECK_THAT(reason("[reminders]\nescalate_after = -1"),
             Catch::Contains("reminders.escalate_after"));
  CHECK_THAT(reason("[reminders]\nescalate_after = \"3\""),
             Catch::Contains("reminders.escalate_after"));
  CHECK_THAT(reason("[postmortem]\nrequired_severity = \"P5\""),
             Catch::Contains("postmortem.required_severity"));
  CHECK_THAT(reason("[digest]\nweekday = \"someday\""), Catch::Contains("digest.weekday"));
  CHECK_THAT(reason("[digest]\ntime = \"9am\""), Catch::Contains("digest.time"));
  CHECK_THAT(reason("[digest]\ntime = \"24:00\""), Catch::Contains("digest.time"));
  CHECK_THAT(reason("[digest]\ncompletion_target = 120"),
             Catch::Contains("digest.completion_target"));
  CHECK_THAT(reason("[digest]\nplatform = \"irc\""), Catch::Contains("digest.platform"));
  CHECK_THAT(reason("[digest]\ncolour = \"blue\""), Catch::Contains("unknown key `digest.colour`"));
  CHECK_THAT(reason("digest = 3"), Catch::Contains("`digest` must be a [section]"));
}

TEST_CASE("matrix: who may invite the bot, and where incidents live", "[config]") {
  Config defaults = parse_config("", "t.toml");
  CHECK(defaults.matrix.allowed_inviters.empty());
  CHECK(defaults.matrix.incident_rooms == "dedicated");
  Config c = parse_config(
      "[matrix]\nallowed_inviters = [\"@dana:example.org\", \":ops.example.org\"]\n"
      "incident_rooms = \"in_place\"\n",
      "t.toml");
  CHECK(c.matrix.allowed_inviters ==
        std::vector<std::string>{"@dana:example.org", ":ops.example.org"});
  CHECK(c.matrix.incident_rooms == "in_place");
  auto reason = [](const std::string& text) {
    try {
      parse_config(text, "t.toml");
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(reason("[matrix]\nincident_rooms = \"thread\"\n"),
             Catch::Contains("\"dedicated\" or \"in_place\""));
  CHECK_THAT(reason("[matrix]\nallowed_inviters = \"@dana:example.org\"\n"),
             Catch::Contains("must be a list"));
  CHECK_THAT(reason("[matrix]\nallowed_inviters = [\"dana\"]\n"),
             Catch::Contains("\"@user:server\" or \":server\""));
}

TEST_CASE("every problem of a config is found in one reading", "[config]") {
  scribe::test::TempDir dir;
  scribe::test::write_file(dir / "a-file", "not a directory");
  const std::string text = "timezon = \"UTC\"\n"
                           "data_dir = \"" + (dir / "a-file").string() + "\"\n"
                           "[reminders]\nremind_every = \"often\"\n"
                           "[slack]\nenabled = true\napp_token = \"xapp-1\"\nbot_token = \"xoxb-1\"\n"
                           "api_url = \"slack.com/api\"\nbogus = 1\n"
                           "[people]\nsam = 7\n";
  try {
    parse_config(text, "many.toml");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    std::string all;
    for (const auto& p : e.problems) all += p + "\n";
    INFO(all);
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
    CHECK(e.problems.size() == 6);
#else
    CHECK(e.problems.size() == 5);  // no net layer: no URL check
#endif
    CHECK_THAT(all, Catch::Contains("many.toml: unknown key `timezon` (line 1)"));
    CHECK_THAT(all, Catch::Contains("is a file, not a directory"));
    CHECK_THAT(all, Catch::Contains("reminders.remind_every"));
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
    CHECK_THAT(all, Catch::Contains("slack.api_url `slack.com/api` is not a URL Scribe can use"));
#endif
    CHECK_THAT(all, Catch::Contains("unknown key `slack.bogus` (line 10)"));
    CHECK_THAT(all, Catch::Contains("people.sam must be a zone name string"));
    // Commands other than check-config keep a one-line reason.
    CHECK_THAT(std::string(e.what()),
               Catch::Contains("(and " + std::to_string(e.problems.size() - 1) +
                               " more; `scribe check-config` lists them all)"));
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
  }
}

#ifdef SCRIBE_WITH_CHAT_ADAPTERS
TEST_CASE("check-config refuses a tls.ca_file that run could not read", "[config]") {
  scribe::test::TempDir dir;
  scribe::test::write_file(dir / "not-a-cert.pem", "hello\n");
  const std::string text = "[slack]\nenabled = true\napp_token = \"xapp-1\"\nbot_token = \"xoxb-1\"\n"
                           "[tls]\nca_file = \"" + (dir / "not-a-cert.pem").string() + "\"\n";
  try {
    parse_config(text, "tls.toml");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.problems.size() == 1);
    CHECK_THAT(e.problems[0], Catch::Contains("tls.ca_file"));
    CHECK_THAT(e.problems[0], Catch::Contains("not-a-cert.pem"));
  }
  // With no platform enabled, run reads no CA file, and neither does the check.
  CHECK_NOTHROW(parse_config("[tls]\nca_file = \"" + (dir / "not-a-cert.pem").string() + "\"\n",
                             "tls.toml"));
}
#endif

#ifdef SCRIBE_WITH_CHAT_ADAPTERS
TEST_CASE("check-config refuses a homeserver URL that run would refuse", "[config]") {
  const std::string text = "[matrix]\nenabled = true\nhomeserver = \"wss://matrix.example.org\"\n"
                           "user_id = \"@scribe:example.org\"\naccess_token = \"syt_x\"\n";
  try {
    parse_config(text, "ws.toml");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.problems.size() == 1);
    CHECK_THAT(e.problems[0], Catch::Contains("matrix.homeserver `wss://matrix.example.org` is not "
                                              "a URL Scribe can use: the scheme must be http or "
                                              "https, not wss"));
  }
}
#endif

namespace {

std::set<std::string> known_keys() {
  const auto keys = known_config_keys();
  return {keys.begin(), keys.end()};
}

std::set<std::string> sections_of(const std::set<std::string>& keys) {
  std::set<std::string> sections;
  for (const auto& key : keys)
    if (const auto dot = key.find('.'); dot != std::string::npos) sections.insert(key.substr(0, dot));
  sections.insert("people");
  return sections;
}

}  // namespace

TEST_CASE("the example config documents exactly the keys the config reads", "[config]") {
  std::istringstream example(
      scribe::test::read_file(std::string(SCRIBE_SOURCE_DIR) + "/deploy/scribe.example.toml"));
  const std::regex section_line(R"(^\[([a-z_.]+)\])");  // [trackers.github] too
  const std::regex key_line(R"(^([a-z_0-9]+) *=)");
  std::set<std::string> documented;
  std::string section;
  for (std::string line; std::getline(example, line);) {
    std::smatch m;
    if (std::regex_search(line, m, section_line)) {
      section = m[1];
      if (section == "people") documented.insert("people");
    } else if (std::regex_search(line, m, key_line) && section != "people") {
      documented.insert(section.empty() ? std::string(m[1]) : section + "." + std::string(m[1]));
    }
  }
  const auto known = known_keys();
  for (const auto& key : documented) {
    INFO("deploy/scribe.example.toml documents `" << key << "`, which the config does not know");
    CHECK(known.contains(key));
  }
  for (const auto& key : known) {
    INFO("the config reads `" << key << "`, which deploy/scribe.example.toml does not document");
    CHECK(documented.contains(key));
  }
}

TEST_CASE("every config key and section README names is one the config knows", "[config]") {
  const std::string readme = scribe::test::read_file(std::string(SCRIBE_SOURCE_DIR) + "/README.md");
  const auto known = known_keys();
  const auto sections = sections_of(known);
  // `section.key` (also `nudges.update_after_p1..p4`) and `[section]`.
  const std::regex dotted(R"(`([a-z_]+)\.([a-z_0-9]+)(\.\.p4)?`)");
  std::size_t checked = 0;
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), dotted);
       it != std::sregex_iterator(); ++it) {
    const std::string section = (*it)[1];
    if (!sections.contains(section)) continue;  // `run.sh`, `scribe.db`: not config
    const std::string key = section + "." + std::string((*it)[2]);
    INFO("README names `" << key << "`, which the config does not know");
    CHECK(known.contains(key));
    ++checked;
  }
  const std::regex bracketed(R"(`\[([a-z_]+)\])");
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), bracketed);
       it != std::sregex_iterator(); ++it) {
    INFO("README names the section [" << (*it)[1] << "], which the config does not know");
    CHECK(sections.contains((*it)[1]));
    ++checked;
  }
  CHECK(checked >= 5);  // the README was read at all
}

namespace {

// Every problem a config text has ({} when it parses).
std::vector<std::string> problems(const std::string& text) {
  try {
    parse_config(text, "test.toml");
  } catch (const ConfigError& e) {
    return e.problems;
  }
  return {};
}

bool contains(const std::vector<std::string>& all, const std::string& what) {
  return std::any_of(all.begin(), all.end(),
                     [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

}  // namespace

TEST_CASE("signals: matchers, severity labels and credentials are checked", "[config][signals]") {
  const auto all = problems(
      "[signals]\nlisten = \"0.0.0.0:9465\"\nauto_declare = [\"severity\"]\n"
      "severity_labels = { critical = \"P0\" }\n");
  CHECK(contains(all, "signals.auto_declare entry `severity` must be label=value"));
  CHECK(contains(all, "signals.severity_labels.critical `P0` must be P1, P2, P3 or P4"));
  CHECK(contains(problems("[signals]\nauto_declare = [\"severity=critical\"]\n"), "auto_declare_channel"));
  CHECK(contains(all, "no source has a credential"));
  CHECK(contains(problems("[signals]\nseverity_labels = [\"P1\"]\n"), "must be a table of strings"));
  CHECK(contains(problems("[signals]\nlisten = \"9465\"\ntoken = \"t\"\n"), "signals.listen `9465`"));

  const auto config = parse_config(
      "[signals]\nlisten = \"127.0.0.1:9465\"\ntoken = \"t\"\nauto_declare = [\"severity=critical\"]\n"
      "auto_declare_channel = \"C1\"\nseverity_labels = { page = \"P1\" }\nrecent_changes = \"30m\"\n",
      "signals.toml");
  CHECK(config.signals.severity_labels == scribe::core::settings::Table{{"page", "P1"}});
  CHECK(config.signals.recent_changes == std::chrono::minutes(30));
  CHECK(config.signals.auto_declare == std::vector<std::string>{"severity=critical"});
}

#ifdef SCRIBE_WITH_CHAT_ADAPTERS
TEST_CASE("check-config refuses a signals certificate that run could not load", "[config][signals]") {
  scribe::test::TempDir dir;
  scribe::test::write_file(dir / "not-a-cert.pem", "hello\n");
  const auto& pki = scribe::test::test_pki();
  try {
    parse_config("[signals]\nlisten = \"127.0.0.1:0\"\ntoken = \"t\"\ncert_file = \"" +
                     (dir / "not-a-cert.pem").string() + "\"\nkey_file = \"" +
                     pki.server.key_file.string() + "\"\n",
                 "signals.toml");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    REQUIRE(e.problems.size() == 1);
    CHECK_THAT(e.problems[0], Catch::Contains("signals.cert_file"));
  }
  CHECK_NOTHROW(parse_config("[signals]\nlisten = \"127.0.0.1:0\"\ntoken = \"t\"\ncert_file = \"" +
                                 pki.server.cert_file.string() + "\"\nkey_file = \"" +
                                 pki.server.key_file.string() + "\"\n",
                             "signals.toml"));
}
#endif

TEST_CASE("trackers: one tracker with its credentials, and people with their accounts", "[config][trackers]") {
  const auto config = parse_config(
      "[trackers]\nexport = \"on_create\"\nsync_every = \"5m\"\n"
      "[trackers.github]\nrepo = \"acme/web\"\ntoken = \"ghp-x\"\nlabels = [\"postmortem\", \"sre\"]\n"
      "[people]\nsam = { zone = \"America/Los_Angeles\", github = \"samdev\", jira = \"5b10ac\" }\n"
      "lee = \"Europe/Berlin\"\nU024BE7LH = { github = \"kim\" }\n",
      "trackers.toml");
  const auto target = config.trackers.target();
  CHECK(target.system == "github");
  CHECK(target.where == "acme/web");
  CHECK(target.when == scribe::core::ExportWhen::on_create);
  CHECK(config.trackers.sync_every == std::chrono::minutes(5));
  CHECK(config.trackers.github.labels == std::vector<std::string>{"postmortem", "sre"});
  CHECK(config.people.at("sam") == "America/Los_Angeles");
  CHECK(config.people.at("lee") == "Europe/Berlin");  // the plain zone string still works
  CHECK_FALSE(config.people.contains("U024BE7LH"));   // accounts only: the platform's zone stays
  CHECK(config.accounts.at("sam").github == "samdev");
  CHECK(config.accounts.at("sam").jira == "5b10ac");
  CHECK(config.accounts.at("U024BE7LH").github == "kim");
  CHECK_FALSE(parse_config("", "none.toml").trackers.target().configured());

  CHECK(contains(problems("[trackers.github]\nrepo = \"acme\"\ntoken = \"t\"\n"),
                 "trackers.github.repo `acme` must be owner/name"));
  CHECK(contains(problems("[trackers.github]\nrepo = \"acme/web\"\n"), "SCRIBE_GITHUB_TOKEN"));
  CHECK(contains(problems("[trackers]\nexport = \"always\"\n"), "trackers.export `always`"));
  CHECK(contains(problems("[trackers.jira]\nbase_url = \"https://x.atlassian.net/\"\n"),
                 "project is not"));
  CHECK(contains(problems("[trackers.github]\nrepo = \"a/b\"\ntoken = \"t\"\n"
                          "[trackers.jira]\nbase_url = \"https://x.atlassian.net/\"\nproject = \"OPS\"\n"
                          "email = \"e\"\napi_token = \"t\"\n"),
                 "both set"));
  CHECK(contains(problems("[trackers.github]\nbogus = 1\n"), "unknown key `trackers.github.bogus`"));
  CHECK(contains(problems("[people]\nsam = { zone = \"UTC\", gitlab = \"x\" }\n"),
                 "unknown key `people.sam.gitlab`"));
  CHECK(contains(problems("[people]\nsam = { zone = \"Nowhere/City\" }\n"), "people.sam"));
}
