#include "bot/app/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "adapters/net/listen_address.hpp"
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
#include "adapters/net/url.hpp"
#endif
#include <tuple>
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

void fail(ConfigProblems& problems, const std::string& why) {
  problems.add(why);
}

void check_keys(const toml::table& table, const std::string& section, ConfigProblems& source) {
  const auto& known = kKnownKeys.at(section);
  for (const auto& [key, node] : table) {
    if (!known.contains(std::string(key.str())))
      fail(source, "unknown key `" + (section.empty() ? "" : section + ".") +
                       std::string(key.str()) + "` (line " +
                       std::to_string(node.source().begin.line) + ")");
    if (section.empty() && kKnownKeys.contains(std::string(key.str())) && !node.is_table())
      fail(source, "`" + std::string(key.str()) + "` must be a [section]");
  }
}

template <typename T>
void read(const toml::table& table, const std::string& key, T& into, const std::string& where,
          ConfigProblems& source) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return;
  auto value = node->value<T>();
  if (!value) return fail(source, "`" + where + key + "` has the wrong type");
  into = *value;
}

void apply_env(Config& c) {
  auto env = [](const char* name, std::string& into) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') into = v;
  };
  env("SCRIBE_SLACK_APP_TOKEN", c.slack.app_token);
  env("SCRIBE_SLACK_BOT_TOKEN", c.slack.bot_token);
  env("SCRIBE_MATRIX_ACCESS_TOKEN", c.matrix.access_token);
}

void validate(Config& c, ConfigProblems& problems) {
  if (!core::is_valid_zone(c.timezone))
    fail(problems, "timezone `" + c.timezone + "` is not an IANA zone (e.g. UTC, Europe/Berlin)");
  for (const auto& [who, zone] : c.people)
    if (!core::is_valid_zone(zone))
      fail(problems, "people." + who + ": `" + zone + "` is not an IANA zone");
  std::error_code ec;
  if (c.data_dir.empty())
    fail(problems, "data_dir must not be empty");
  else if (std::filesystem::exists(c.data_dir, ec) && !std::filesystem::is_directory(c.data_dir, ec))
    fail(problems, "data_dir `" + c.data_dir + "` is a file, not a directory");
  if (!parse_log_level(c.log_level))
    fail(problems, "log_level `" + c.log_level +
                       "` must be one of trace, debug, info, warn, error, critical, off");
  if (!c.http.listen.empty() && !net::parse_listen_address(c.http.listen))
    fail(problems, "http.listen `" + c.http.listen +
                       "` must be host:port, e.g. 127.0.0.1:9464 (or \"\" to turn it off)");
  if (!parse_log_format(c.log_format))
    fail(problems, "log_format `" + c.log_format + "` must be \"text\" or \"json\"");
  if (c.postmortem.detection_target_minutes < 0)
    fail(problems, "postmortem.detection_target_minutes must be 0 or more");
  if (!c.postmortem.templates_dir.empty() &&
      !std::filesystem::is_directory(c.postmortem.templates_dir))
    fail(problems,
         "postmortem.templates_dir `" + c.postmortem.templates_dir + "` is not a directory");
  if (c.slack.enabled && (c.slack.app_token.empty() || c.slack.bot_token.empty()))
    fail(problems,
         "slack is enabled but app_token or bot_token is missing "
         "(set them or SCRIBE_SLACK_APP_TOKEN / SCRIBE_SLACK_BOT_TOKEN)");
  if (c.matrix.enabled &&
      (c.matrix.homeserver.empty() || c.matrix.user_id.empty() || c.matrix.access_token.empty()))
    fail(problems, "matrix is enabled but homeserver, user_id or access_token is missing");
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
  // The URLs the bots would refuse at start, refused here already, so
  // check-config says what run would.
  for (const auto& [key, url, needed] :
       {std::tuple<std::string, std::string, bool>{"slack.api_url", c.slack.api_url, c.slack.enabled},
        std::tuple<std::string, std::string, bool>{"matrix.homeserver", c.matrix.homeserver,
                                                   c.matrix.enabled}}) {
    std::string why;
    if ((needed || !url.empty()) && !url.empty() && !net::parse_http_url(url, &why))
      fail(problems, key + " `" + url + "` is not a URL Scribe can use: " + why);
  }
#endif
  if (c.matrix.incident_rooms != "dedicated" && c.matrix.incident_rooms != "in_place")
    fail(problems, "matrix.incident_rooms `" + c.matrix.incident_rooms +
                       "` must be \"dedicated\" or \"in_place\"");
  validate_follow_through(c, problems);
}

}  // namespace

ConfigError::ConfigError(const std::string& problem)
    : std::runtime_error(problem), problems{problem} {}

ConfigError::ConfigError(std::vector<std::string> all)
    : std::runtime_error(all.empty() ? std::string("invalid config")
                         : all.size() == 1
                             ? all.front()
                             : all.front() + " (and " + std::to_string(all.size() - 1) +
                                   " more; `scribe check-config` lists them all)"),
      problems(std::move(all)) {}

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
  ConfigProblems problems{source, {}};
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& err) {
    // Nothing past a syntax error can be read.
    std::ostringstream why;
    why << "line " << err.source().begin.line << ": " << err.description();
    throw ConfigError(source + ": " + why.str());
  }
  check_keys(root, "", problems);
  read(root, "timezone", c.timezone, "", problems);
  read(root, "data_dir", c.data_dir, "", problems);
  read(root, "log_level", c.log_level, "", problems);
  read(root, "log_format", c.log_format, "", problems);
  if (auto* t = root["postmortem"].as_table()) {
    check_keys(*t, "postmortem", problems);
    read(*t, "templates_dir", c.postmortem.templates_dir, "postmortem.", problems);
    std::int64_t target = c.postmortem.detection_target_minutes;
    read(*t, "detection_target_minutes", target, "postmortem.", problems);
    c.postmortem.detection_target_minutes = static_cast<int>(target);
  }
  if (auto* t = root["reminders"].as_table()) {
    check_keys(*t, "reminders", problems);
  }
  if (auto* t = root["slack"].as_table()) {
    check_keys(*t, "slack", problems);
    read(*t, "enabled", c.slack.enabled, "slack.", problems);
    read(*t, "app_token", c.slack.app_token, "slack.", problems);
    read(*t, "bot_token", c.slack.bot_token, "slack.", problems);
    read(*t, "api_url", c.slack.api_url, "slack.", problems);
  }
  if (auto* t = root["matrix"].as_table()) {
    check_keys(*t, "matrix", problems);
    read(*t, "enabled", c.matrix.enabled, "matrix.", problems);
    read(*t, "homeserver", c.matrix.homeserver, "matrix.", problems);
    read(*t, "user_id", c.matrix.user_id, "matrix.", problems);
    read(*t, "access_token", c.matrix.access_token, "matrix.", problems);
    read(*t, "incident_rooms", c.matrix.incident_rooms, "matrix.", problems);
    if (const toml::node* node = t->get("allowed_inviters")) {
      const toml::array* list = node->as_array();
      if (list == nullptr)
        fail(problems,
             "`matrix.allowed_inviters` must be a list like [\"@alice:example.org\", "
             "\":example.org\"]");
      for (const auto& item : list ? *list : toml::array{}) {
        auto who = item.value<std::string>();
        if (!who || who->empty() || ((*who)[0] != '@' && (*who)[0] != ':')) {
          fail(problems, "`matrix.allowed_inviters` entries must be \"@user:server\" or \":server\"");
          continue;
        }
        c.matrix.allowed_inviters.push_back(*who);
      }
    }
  }
  for (const char* section : {"nudges", "digest"})
    if (auto* t = root[section].as_table()) check_keys(*t, section, problems);
  read_follow_through(root, c, problems);
  if (auto* t = root["people"].as_table()) {
    for (const auto& [who, zone] : *t) {
      auto z = zone.value<std::string>();
      if (!z) {
        fail(problems, "people." + std::string(who.str()) + " must be a zone name string");
        continue;
      }
      c.people[std::string(who.str())] = *z;
    }
  }
  if (auto* t = root["tls"].as_table()) {
    check_keys(*t, "tls", problems);
    read(*t, "ca_file", c.tls.ca_file, "tls.", problems);
  }
  if (auto* t = root["http"].as_table()) {
    check_keys(*t, "http", problems);
    read(*t, "listen", c.http.listen, "http.", problems);
  }
  apply_env(c);
  validate(c, problems);
  problems.raise_if_any();
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
