#include "bot/app/logging.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include <spdlog/spdlog.h>

#include "bot/app/config.hpp"

using namespace scribe::app;

namespace {

// Restores a plain stderr logger and forgets the secrets when a test ends.
struct LoggingGuard {
  ~LoggingGuard() {
    clear_secrets();
    setup_logging("info", "text");
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string config_with(const std::string& key, const std::string& value,
                        const std::string& format) {
  const auto dot = key.find('.');
  return "log_format = \"" + format + "\"\n[" + key.substr(0, dot) + "]\n" + key.substr(dot + 1) +
         " = \"" + value + "\"\n";
}

}  // namespace

TEST_CASE("the secret keys list every key that looks like a secret", "[logging]") {
  for (const auto& key : known_config_keys()) {
    const bool looks_secret = key.find("token") != std::string::npos ||
                              key.find("secret") != std::string::npos ||
                              key.find("password") != std::string::npos;
    if (!looks_secret) continue;
    INFO(key);
    CHECK(std::find(secret_config_keys().begin(), secret_config_keys().end(), key) !=
          secret_config_keys().end());
  }
  CHECK(secret_config_keys().size() == 10);  // slack 2, matrix 1, signals 3, web 1, trackers 3
}

TEST_CASE("no log line prints a secret config value, in text or JSON", "[logging]") {
  LoggingGuard guard;
  for (const std::string format : {"text", "json"}) {
    for (const auto& key : secret_config_keys()) {
      const std::string secret = "s3cr3t-" + key + "-Q7xVb2";
      DYNAMIC_SECTION(format << " " << key) {
        clear_secrets();
        std::ostringstream out;
        const Config config = parse_config(config_with(key, secret, format), "test.toml");
        setup_logging(config, &out);

        spdlog::info("token is {}", secret);
        spdlog::warn("GET https://example.org/api?token={}&x=1 failed", secret);
        spdlog::error("Authorization: Bearer {}{}", secret, secret);  // twice, back to back
        spdlog::default_logger()->clone("slack")->info("config {}={}", key, secret);
        spdlog::info("half of it is fine: {}", secret.substr(0, 6));

        const std::string text = out.str();
        INFO(text);
        CHECK(text.find(secret) == std::string::npos);
        const auto lines = lines_of(text);
        REQUIRE(lines.size() == 5);
        CHECK_THAT(lines[0], Catch::Contains("token is [redacted]"));
        CHECK_THAT(lines[2], Catch::Contains("Bearer [redacted][redacted]"));
        CHECK_THAT(lines[4], Catch::Contains("s3cr3t"));
        if (format == "json") {
          for (const auto& line : lines) {
            auto value = boost::json::parse(line);  // throws when not JSON
            const auto& obj = value.as_object();
            CHECK(obj.contains("ts"));
            CHECK(obj.contains("level"));
            CHECK(obj.contains("msg"));
          }
          const auto first = boost::json::parse(lines[0]).as_object();
          CHECK(first.at("msg").as_string() == "token is [redacted]");
          CHECK(first.at("level").as_string() == "info");
          CHECK(boost::json::parse(lines[3]).as_object().at("logger").as_string() == "slack");
          CHECK(boost::json::parse(lines[2]).as_object().at("level").as_string() == "error");
        } else {
          CHECK_THAT(lines[1], Catch::Contains(" warn "));
          CHECK_THAT(lines[3], Catch::Contains("[slack]"));
        }
      }
    }
  }
}

TEST_CASE("a secret given by environment variable is redacted too", "[logging]") {
  LoggingGuard guard;
  clear_secrets();
  ::setenv("SCRIBE_MATRIX_ACCESS_TOKEN", "syt_from_env_Zk3p", 1);
  const Config config = parse_config("", "(defaults)");
  ::unsetenv("SCRIBE_MATRIX_ACCESS_TOKEN");
  std::ostringstream out;
  setup_logging(config, &out);
  spdlog::info("using syt_from_env_Zk3p");
  CHECK(out.str().find("syt_from_env_Zk3p") == std::string::npos);
  CHECK_THAT(out.str(), Catch::Contains("using [redacted]"));
}

TEST_CASE("one line per event, JSON stays valid whatever the message holds", "[logging]") {
  LoggingGuard guard;
  std::ostringstream json;
  setup_logging("debug", "json", &json);
  spdlog::debug("multi\nline \"quoted\" back\\slash tab\t bell\x07 bad utf8 \xff\xfe end é");
  spdlog::trace("not shown at debug");
  const auto lines = lines_of(json.str());
  REQUIRE(lines.size() == 1);
  const auto obj = boost::json::parse(lines[0]).as_object();
  CHECK(obj.at("level").as_string() == "debug");
  CHECK(
      obj.at("msg").as_string() ==
      "multi\nline \"quoted\" back\\slash tab\t bell\x07 bad utf8 \xEF\xBF\xBD\xEF\xBF\xBD end é");
  CHECK_THAT(std::string(obj.at("ts").as_string().c_str()),
             Catch::Matches(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"));

  std::ostringstream text;
  setup_logging("warn", "text", &text);
  spdlog::info("hidden at warn");
  spdlog::warn("two\nlines");
  const auto text_lines = lines_of(text.str());
  REQUIRE(text_lines.size() == 1);
  CHECK_THAT(text_lines[0], Catch::Matches(R"(\d{4}-\d\d-\d\dT[0-9:.]+Z warn two\\nlines)"));
}

TEST_CASE("log_level and log_format are validated config keys", "[logging][config]") {
  CHECK(parse_config("", "t").log_level == "info");
  CHECK(parse_config("", "t").log_format == "text");
  const Config c = parse_config("log_level = \"debug\"\nlog_format = \"json\"\n", "t");
  CHECK(c.log_level == "debug");
  CHECK(c.log_format == "json");
  CHECK_THROWS_WITH(parse_config("log_level = \"loud\"\n", "t"), Catch::Contains("log_level"));
  CHECK_THROWS_WITH(parse_config("log_format = \"xml\"\n", "t"), Catch::Contains("log_format"));
  CHECK_THROWS_AS(setup_logging("loud", "text"), std::invalid_argument);
}

TEST_CASE("http.listen must be host:port or empty", "[config]") {
  // On every address only without the web view, or with its auth (see config_test).
  CHECK(parse_config("[http]\nlisten = \"0.0.0.0:9464\"\n[web]\nenabled = false\n", "t").http.listen ==
        "0.0.0.0:9464");
  CHECK(parse_config("[http]\nlisten = \"\"\n", "t").http.listen.empty());
  CHECK_THROWS_WITH(parse_config("[http]\nlisten = \"9464\"\n", "t"),
                    Catch::Contains("http.listen `9464`"));
}
