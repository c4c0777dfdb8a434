#include "bot/app/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "adapters/net/listen_address.hpp"
#include "bot/app/config_follow_through.hpp"
#include "bot/app/logging.hpp"
#include "bot/core/time.hpp"

namespace scribe::app {
namespace {

// Keys the file may hold; anything else is most likely a typo and is refused.
const std::map<std::string, std::set<std::string>> kKnownKeys = {
    {"",
     {"timezone", "data_dir", "log_level", "log_format", "postmortem", "reminders", "nudges",
      "digest", "slack", "matrix", "people", "tls", "http"}},
    {"postmortem",
     {"templates_dir", "detection_target_minutes", "required_severity", "required_impact_minutes",
      "review_reminder_after"}},
    {"reminders", {"check_every", "remind_every", "escalate_after", "heads_up_before"}},
    {"nudges",
     {"update_after_p1", "update_after_p2", "update_after_p3", "update_after_p4", "lead_after"}},
    {"digest",
     {"channel", "platform", "weekday", "time", "completion_window", "completion_target"}},
    {"slack", {"enabled", "app_token", "bot_token", "api_url"}},
    {"matrix",
     {"enabled", "homeserver", "user_id", "access_token", "allowed_inviters", "incident_rooms"}},
    {"tls", {"ca_file"}},
    {"http", {"listen"}},
};

[[noreturn]] void fail(const std::string& source, const std::string& why) {
  throw ConfigError(source + ": " + why);
}

void check_keys(const toml::table& table, const std::string& section, const std::string& source) {
  const auto& known = kKnownKeys.at(section);
  for (const auto& [key, node] : table) {
    if (!known.contains(std::string(key.str())))
      fail(source,
           "unknown key `" + (section.empty() ? "" : section + ".") + std::string(key.str()) + "`");
    if (section.empty() && kKnownKeys.contains(std::string(key.str())) && !node.is_table())
      fail(source, "`" + std::string(key.str()) + "` must be a [section]");
  }
}

template <typename T>
void read(const toml::table& table, const std::string& key, T& into, const std::string& where,
          const std::string& source) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  auto value = node->value<T>();
  if (!value) fail(source, "`" + where + key + "` has the wrong type");
  into = *value;
}

std::chrono::milliseconds read_duration(const toml::table& table, const std::string& key,
                                        std::chrono::milliseconds fallback,
                                        const std::string& source) {
  std::string text;
  read(table, key, text, "reminders.", source);
  if (text.empty()) return fallback;
  auto d = core::parse_duration(text);
  if (!d) fail(source, "`reminders." + key + "` must be a duration like 30m, 1h or 24h");
  return *d;
}

void apply_env(Config& c) {
  auto env = [](const char* name, std::string& into) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') into = v;
  };
  env("SCRIBE_SLACK_APP_TOKEN", c.slack.app_token);
  env("SCRIBE_SLACK_BOT_TOKEN", c.slack.bot_token);
  env("SCRIBE_MATRIX_ACCESS_TOKEN", c.matrix.access_token);
}

void validate(Config& c) {
  if (!core::is_valid_zone(c.timezone))
    fail(c.source, "timezone `" + c.timezone + "` is not an IANA zone (e.g. UTC, Europe/Berlin)");
  for (const auto& [who, zone] : c.people)
    if (!core::is_valid_zone(zone))
      fail(c.source, "people." + who + ": `" + zone + "` is not an IANA zone");
  if (c.data_dir.empty()) fail(c.source, "data_dir must not be empty");
  if (!parse_log_level(c.log_level))
    fail(c.source, "log_level `" + c.log_level +
                       "` must be one of trace, debug, info, warn, error, critical, off");
  if (!c.http.listen.empty() && !net::parse_listen_address(c.http.listen))
    fail(c.source, "http.listen `" + c.http.listen +
                       "` must be host:port, e.g. 127.0.0.1:9464 (or \"\" to turn it off)");
  if (!parse_log_format(c.log_format))
    fail(c.source, "log_format `" + c.log_format + "` must be \"text\" or \"json\"");
  if (c.postmortem.detection_target_minutes < 0)
    fail(c.source, "postmortem.detection_target_minutes must be 0 or more");
  if (!c.postmortem.templates_dir.empty() &&
      !std::filesystem::is_directory(c.postmortem.templates_dir))
    fail(c.source,
         "postmortem.templates_dir `" + c.postmortem.templates_dir + "` is not a directory");
  if (c.slack.enabled && (c.slack.app_token.empty() || c.slack.bot_token.empty()))
    fail(c.source,
         "slack is enabled but app_token or bot_token is missing "
         "(set them or SCRIBE_SLACK_APP_TOKEN / SCRIBE_SLACK_BOT_TOKEN)");
  if (c.matrix.enabled &&
      (c.matrix.homeserver.empty() || c.matrix.user_id.empty() || c.matrix.access_token.empty()))
    fail(c.source, "matrix is enabled but homeserver, user_id or access_token is missing");
  if (c.matrix.incident_rooms != "dedicated" && c.matrix.incident_rooms != "in_place")
    fail(c.source, "matrix.incident_rooms `" + c.matrix.incident_rooms +
                       "` must be \"dedicated\" or \"in_place\"");
  validate_follow_through(c);
}

}  // namespace

std::string Config::database_path() const {
  return (std::filesystem::path(data_dir) / "scribe.db").string();
}
std::string Config::drafts_dir() const {
  return (std::filesystem::path(data_dir) / "drafts").string();
}

const std::vector<std::string>& secret_config_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> names;
    for (const auto& [key, value] : Config{}.secrets()) names.push_back(key);
    return names;
  }();
  return keys;
}

std::vector<std::pair<std::string, std::string>> Config::secrets() const {
  // A new secret key goes here; a test checks every key that looks like a
  // secret (token, secret, password) in the key table is listed.
  return {{"slack.app_token", slack.app_token},
          {"slack.bot_token", slack.bot_token},
          {"matrix.access_token", matrix.access_token}};
}

std::vector<std::string> known_config_keys() {
  std::vector<std::string> keys;
  for (const auto& [section, names] : kKnownKeys)
    for (const auto& name : names)
      if (section.empty()) {
        if (!kKnownKeys.contains(name)) keys.push_back(name);
      } else {
        keys.push_back(section + "." + name);
      }
  keys.push_back("people");
  return keys;
}

Config parse_config(const std::string& text, const std::string& source) {
  Config c;
  c.source = source;
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& err) {
    std::ostringstream why;
    why << "line " << err.source().begin.line << ": " << err.description();
    fail(source, why.str());
  }
  check_keys(root, "", source);
  read(root, "timezone", c.timezone, "", source);
  read(root, "data_dir", c.data_dir, "", source);
  read(root, "log_level", c.log_level, "", source);
  read(root, "log_format", c.log_format, "", source);
  if (auto* t = root["postmortem"].as_table()) {
    check_keys(*t, "postmortem", source);
    read(*t, "templates_dir", c.postmortem.templates_dir, "postmortem.", source);
    std::int64_t target = c.postmortem.detection_target_minutes;
    read(*t, "detection_target_minutes", target, "postmortem.", source);
    c.postmortem.detection_target_minutes = static_cast<int>(target);
  }
  if (auto* t = root["reminders"].as_table()) {
    check_keys(*t, "reminders", source);
    c.reminders.check_every = read_duration(*t, "check_every", c.reminders.check_every, source);
    c.reminders.remind_every = read_duration(*t, "remind_every", c.reminders.remind_every, source);
  }
  if (auto* t = root["slack"].as_table()) {
    check_keys(*t, "slack", source);
    read(*t, "enabled", c.slack.enabled, "slack.", source);
    read(*t, "app_token", c.slack.app_token, "slack.", source);
    read(*t, "bot_token", c.slack.bot_token, "slack.", source);
    read(*t, "api_url", c.slack.api_url, "slack.", source);
  }
  if (auto* t = root["matrix"].as_table()) {
    check_keys(*t, "matrix", source);
    read(*t, "enabled", c.matrix.enabled, "matrix.", source);
    read(*t, "homeserver", c.matrix.homeserver, "matrix.", source);
    read(*t, "user_id", c.matrix.user_id, "matrix.", source);
    read(*t, "access_token", c.matrix.access_token, "matrix.", source);
    read(*t, "incident_rooms", c.matrix.incident_rooms, "matrix.", source);
    if (const toml::node* node = t->get("allowed_inviters")) {
      const toml::array* list = node->as_array();
      if (list == nullptr)
        fail(source,
             "`matrix.allowed_inviters` must be a list like [\"@alice:example.org\", "
             "\":example.org\"]");
      for (const auto& item : *list) {
        auto who = item.value<std::string>();
        if (!who || who->empty() || ((*who)[0] != '@' && (*who)[0] != ':'))
          fail(source, "`matrix.allowed_inviters` entries must be \"@user:server\" or \":server\"");
        c.matrix.allowed_inviters.push_back(*who);
      }
    }
  }
  for (const char* section : {"nudges", "digest"})
    if (auto* t = root[section].as_table()) check_keys(*t, section, source);
  read_follow_through(root, c);
  if (auto* t = root["people"].as_table()) {
    for (const auto& [who, zone] : *t) {
      auto z = zone.value<std::string>();
      if (!z) fail(source, "people." + std::string(who.str()) + " must be a zone name string");
      c.people[std::string(who.str())] = *z;
    }
  }
  if (auto* t = root["tls"].as_table()) {
    check_keys(*t, "tls", source);
    read(*t, "ca_file", c.tls.ca_file, "tls.", source);
  }
  if (auto* t = root["http"].as_table()) {
    check_keys(*t, "http", source);
    read(*t, "listen", c.http.listen, "http.", source);
  }
  apply_env(c);
  validate(c);
  return c;
}

Config load_config(const std::optional<std::string>& path) {
  if (!path) return parse_config("", "(defaults)");
  std::ifstream in(*path);
  if (!in) throw ConfigError(*path + ": cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), *path);
}

}  // namespace scribe::app
