// The TOML configuration (deploy/scribe.example.toml, README "Configuration"). Every key
// has a working default, so `scribe` runs with no file at all.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

  struct Postmortem {
    std::string templates_dir;
    int detection_target_minutes = 2;
    // Whether a closed incident needs a full postmortem: this severity or a
    // worse one ("" = not by severity), or this much customer impact (0 = not by impact).
    std::string required_severity = "P2";
    int required_impact_minutes = 30;
    // A required postmortem without a reviewer this long after close reminds the lead (0 = off).
    std::chrono::milliseconds review_reminder_after = std::chrono::hours(72);
  } postmortem;

  struct Reminders {
    std::chrono::milliseconds check_every = std::chrono::hours(1);
    std::chrono::milliseconds remind_every = std::chrono::hours(24);
    int escalate_after = 3;  // unanswered reminders before the lead and channel are told; 0 = never
    std::chrono::milliseconds heads_up_before = std::chrono::hours(24);  // 0 = no heads-up
  } reminders;

  // Silence on an open incident's timeline before its channel is asked for an
  // update, by severity (0 = off; no severity counts as P3), and how long an
  // incident may go without a lead.
  struct Nudges {
    std::chrono::milliseconds update_after_p1 = std::chrono::minutes(15);
    std::chrono::milliseconds update_after_p2 = std::chrono::minutes(30);
    std::chrono::milliseconds update_after_p3 = std::chrono::hours(2);
    std::chrono::milliseconds update_after_p4{0};
    std::chrono::milliseconds lead_after = std::chrono::minutes(10);
  } nudges;

  // The weekly review of action items.
  struct Digest {
    std::string channel;   // platform channel id to post it in; "" = `scribe actions --digest` only
    std::string platform;  // "slack", "matrix", "console"; "" = the enabled one
    std::chrono::weekday weekday = std::chrono::Monday;
    std::chrono::minutes time_of_day = std::chrono::hours(9);  // in `timezone`
    std::chrono::milliseconds completion_window = std::chrono::hours(24 * 90);
    int completion_target = 80;  // percent; below it the digest says so; 0 = never
  } digest;

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
    // Invites accepted only from these ("@alice:example.org" or ":example.org");
    // empty = from anyone.
    std::vector<std::string> allowed_inviters;
    // "dedicated": `!incident start` opens a room per incident; "in_place": the
    // incident lives in the room it was declared in.
    std::string incident_rooms = "dedicated";
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

  // Every secret this config holds, as {"slack.bot_token", value} for each
  // key of secret_config_keys() (empty values included). Logs redact them.
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
