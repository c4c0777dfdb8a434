#include "bot/app/config.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

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

TEST_CASE("every key of the contract is read", "[config]") {
  scribe::test::TempDir dir;
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
ca_file = "/etc/ssl/extra.pem"
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
  CHECK(c.tls.ca_file == "/etc/ssl/extra.pem");
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
