// The TOML configuration (deploy/scribe.example.toml, README "Configuration"). Every key
// has a working default, so `scribe` runs with no file at all. Each section is
// a core::settings::Section declared once next to the struct it fills
// (config.cpp for the application's own, bot/core/follow_up_settings.cpp for
// the policies); reading, validation, the known keys and the secrets all come
// from those declarations.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "adapters/matrix/matrix_config.hpp"
#include "adapters/signals/signals_config.hpp"
#include "adapters/slack/slack_config.hpp"
#include "adapters/trackers/trackers_config.hpp"
#include "adapters/web/web_config.hpp"
#include "bot/core/follow_up_policy.hpp"
#include "bot/core/postmortem_policy.hpp"

namespace scribe::app {

// What is wrong with a config: every problem found in one reading, each
// "source: why". what() is the first, saying how many more there are, so
// commands keep a one-line reason; `check-config` lists them all.
struct ConfigError : std::runtime_error {
  explicit ConfigError(const std::string& problem);
  explicit ConfigError(std::vector<std::string> all);
  std::vector<std::string> problems;
};

// The problems of one config file as they are found; raise() throws them all.
struct ConfigProblems {
  std::string source;
  std::vector<std::string> found;
  void add(const std::string& why) { found.push_back(source + ": " + why); }
  void raise_if_any() const {
    if (!found.empty()) throw ConfigError(found);
  }
};

struct Config {
  std::string source = "(defaults)";  // the file it came from
  std::string timezone = "UTC";
  std::string data_dir = "./scribe-data";
  std::string log_level = "info";   // trace debug info warn error critical off
  std::string log_format = "text";  // "text" | "json" (one JSON object per line)

  // The follow-through sections are the core's policies themselves, declared
  // with their keys next to them (bot/core/follow_up_settings.cpp).
  core::PostmortemSettings postmortem;  // [postmortem]
  core::ReminderPolicy reminders;       // [reminders]
  core::NudgePolicy nudges;             // [nudges]
  core::DigestSettings digest;          // [digest]

  // The chat sections are declared with the bots they configure.
  slack::SlackConfig slack;     // [slack]
  matrix::MatrixConfig matrix;  // [matrix]
  signals::SignalsConfig signals;  // [signals], declared with the webhook listener
  web::WebConfig web;              // [web], declared with the pages
  trackers::TrackersConfig trackers;  // [trackers] and its [trackers.github] / [trackers.jira]

  std::map<std::string, std::string> people;  // name or user id -> IANA zone
  // A person's accounts in the trackers, for assigning their exported items.
  struct Accounts {
    std::string github;  // login
    std::string jira;    // accountId
  };
  std::map<std::string, Accounts> accounts;  // name or user id -> accounts

  struct Tls {
    std::string ca_file;
  } tls;

  struct Http {
    std::string listen = "127.0.0.1:9464";
  } http;

  std::string database_path() const;  // <data_dir>/scribe.db
  std::string drafts_dir() const;     // <data_dir>/drafts

  // Every secret this config holds, as {"slack.bot_token", value} for each
  // key the schema marks secret (empty values included). Logs redact them.
  std::vector<std::pair<std::string, std::string>> secrets() const;
};

// The dotted names of the config keys that hold secrets.
const std::vector<std::string>& secret_config_keys();
// Every key the file may hold, dotted ("timezone", "slack.bot_token"); [people]
// takes any key and is listed as "people".
std::vector<std::string> known_config_keys();

// Reads and validates a config file; without a path, the defaults (plus the
// SCRIBE_* environment overrides). Throws ConfigError with a one-line reason.
Config load_config(const std::optional<std::string>& path);
Config parse_config(const std::string& toml_text, const std::string& source);

}  // namespace scribe::app
