// The TOML configuration of DESIGN.md ("Contract: configuration"). Every key
// has a working default, so `scribe` runs with no file at all.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace scribe::app {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Config {
  std::string source = "(defaults)";  // the file it came from
  std::string timezone = "UTC";
  std::string data_dir = "./scribe-data";

  struct Postmortem {
    std::string templates_dir;
    int detection_target_minutes = 2;
  } postmortem;

  struct Reminders {
    std::chrono::milliseconds check_every = std::chrono::hours(1);
    std::chrono::milliseconds remind_every = std::chrono::hours(24);
  } reminders;

  struct Slack {
    bool enabled = false;
    std::string app_token;  // secret
    std::string bot_token;  // secret
    std::string api_url = "https://slack.com/api/";
  } slack;

  struct Matrix {
    bool enabled = false;
    std::string homeserver;
    std::string user_id;
    std::string access_token;  // secret
  } matrix;

  std::map<std::string, std::string> people;  // name or user id -> IANA zone

  struct Tls {
    std::string ca_file;
  } tls;

  struct Http {
    std::string listen = "127.0.0.1:9464";
  } http;

  std::string database_path() const;  // <data_dir>/scribe.db
  std::string drafts_dir() const;     // <data_dir>/drafts
};

// Reads and validates a config file; without a path, the defaults (plus the
// SCRIBE_* environment overrides). Throws ConfigError with a one-line reason.
Config load_config(const std::optional<std::string>& path);
Config parse_config(const std::string& toml_text, const std::string& source);

}  // namespace scribe::app
