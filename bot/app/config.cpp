#include "bot/app/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "adapters/net/listen_address.hpp"
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
#include "adapters/net/tls.hpp"
#include "adapters/net/url.hpp"
#endif
#include "bot/app/config_detail.hpp"
#include "bot/app/logging.hpp"
#include "bot/core/time.hpp"

namespace scribe::app {
namespace {

using core::settings::Kind;
using core::settings::Section;
using core::settings::Value;

// A TOML node as the value a key of `kind` takes; nullopt for the wrong type.
std::optional<Value> value_of(const toml::node& node, Kind kind) {
  switch (kind) {
    case Kind::flag:
      if (auto v = node.value<bool>()) return Value{*v};
      break;
    case Kind::integer:
      if (node.is_integer()) return Value{node.as_integer()->get()};
      break;
    case Kind::text:
      if (auto v = node.value<std::string>()) return Value{*v};
      break;
    case Kind::list: {
      const toml::array* list = node.as_array();
      if (list == nullptr) break;
      std::vector<std::string> entries;
      for (const auto& item : *list) {
        auto text = item.value<std::string>();
        if (!text) return std::nullopt;
        entries.push_back(*text);
      }
      return Value{std::move(entries)};
    }
    case Kind::table: {
      const toml::table* table = node.as_table();
      if (table == nullptr) break;
      core::settings::Table entries;
      for (const auto& [name, item] : *table) {
        auto text = item.value<std::string>();
        if (!text) return std::nullopt;
        entries.emplace(std::string(name.str()), *text);
      }
      return Value{std::move(entries)};
    }
  }
  return std::nullopt;
}

std::string wrong_type(const std::string& dotted, Kind kind) {
  if (kind == Kind::list) return "`" + dotted + "` must be a list of strings, like [\"a\", \"b\"]";
  if (kind == Kind::table)
    return "`" + dotted + "` must be a table of strings, like { critical = \"P1\" }";
  return "`" + dotted + "` has the wrong type";
}

// One section of the file read through its schema into `into`: unknown keys
// named with their line, each value read and checked, the environment's
// overrides applied, then the section's rules.
template <class Settings>
void read_section(const toml::table* table, const Section<Settings>& section, Settings& into,
                  const std::set<std::string>& subsections, ConfigProblems& problems) {
  static const toml::table kEmpty;
  for (const auto& [name, node] : table ? *table : kEmpty) {
    const std::string key(name.str());
    if (subsections.contains(key)) {
      if (!node.is_table()) problems.add("`" + key + "` must be a [section]");
      continue;
    }
    const auto* k = section.find(key);
    if (k == nullptr) {
      problems.add("unknown key `" + section.dotted(key) + "` (line " +
                         std::to_string(node.source().begin.line) + ")");
      continue;
    }
    const auto value = value_of(node, k->kind);
    if (!value) {
      problems.add(wrong_type(section.dotted(key), k->kind));
      continue;
    }
    if (const auto why = k->read(into, *value); !why.empty()) problems.add(why);
  }
  for (const auto& k : section.keys())
    if (!k.environment.empty())
      if (const char* v = std::getenv(k.environment.c_str()); v != nullptr && *v != '\0')
        k.read(into, Value{std::string(v)});
  std::vector<std::string> found;
  for (const auto& rule : section.rules()) rule(into, found);
  for (const auto& why : found) problems.add(why);
}

// Checks that give the same answer as what `run` would do with the value.
std::string zone_name(const std::string& zone) {
  return core::is_valid_zone(zone)
             ? std::string()
             : "timezone `" + zone + "` is not an IANA zone (e.g. UTC, Europe/Berlin)";
}

std::string log_level_name(const std::string& level) {
  return parse_log_level(level) ? std::string()
                                : "log_level `" + level +
                                      "` must be one of trace, debug, info, warn, error, "
                                      "critical, off";
}

std::string log_format_name(const std::string& format) {
  return parse_log_format(format) ? std::string()
                                  : "log_format `" + format + "` must be \"text\" or \"json\"";
}

std::string listen_address_of(const std::string& key, const std::string& listen,
                              const std::string& example) {
  return listen.empty() || net::parse_listen_address(listen)
             ? std::string()
             : key + " `" + listen + "` must be host:port, e.g. " + example +
                   " (or \"\" to turn it off)";
}

std::string listen_address(const std::string& listen) {
  return listen_address_of("http.listen", listen, "127.0.0.1:9464");
}

// The URLs the bots would refuse at start, refused here already, so
// check-config says what run would.
std::string api_url(const std::string& key, const std::string& url) {
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
  std::string why;
  if (!url.empty() && !net::parse_http_url(url, &why))
    return key + " `" + url + "` is not a URL Scribe can use: " + why;
#else
  (void)key;
  (void)url;
#endif
  return {};
}

// The application's own sections; the follow-through ones are the core's, the
// chat ones the adapters'.
const Section<Config>& top_settings() {
  static const auto section =
      Section<Config>("")
          .text("timezone", [](Config& c) -> auto& { return c.timezone; }, zone_name)
          .text("data_dir", [](Config& c) -> auto& { return c.data_dir; })
          .text("log_level", [](Config& c) -> auto& { return c.log_level; }, log_level_name)
          .text("log_format", [](Config& c) -> auto& { return c.log_format; }, log_format_name)
          .rule([](const Config& c, std::vector<std::string>& problems) {
            std::error_code ec;
            if (c.data_dir.empty())
              problems.push_back("data_dir must not be empty");
            else if (std::filesystem::exists(c.data_dir, ec) &&
                     !std::filesystem::is_directory(c.data_dir, ec))
              problems.push_back("data_dir `" + c.data_dir + "` is a file, not a directory");
          });
  return section;
}

// An adapter's section (slack_config.hpp, trackers_config.hpp, …) with the
// rule for its URL key added here, where the net layer is linked: one section
// object per (settings, field), made once.
template <class Settings, std::string Settings::*Url>
const Section<Settings>& with_url_rule(const Section<Settings>& section, const char* key) {
  static const auto checked =
      section.rule([key](const Settings& s, std::vector<std::string>& problems) {
        if (auto why = api_url(key, s.*Url); !why.empty()) problems.push_back(why);
      });
  return checked;
}

const Section<slack::SlackConfig>& slack_settings() {
  return with_url_rule<slack::SlackConfig, &slack::SlackConfig::api_url>(slack::config_section(),
                                                                         "slack.api_url");
}

const Section<matrix::MatrixConfig>& matrix_settings() {
  return with_url_rule<matrix::MatrixConfig, &matrix::MatrixConfig::homeserver>(
      matrix::config_section(), "matrix.homeserver");
}

const Section<signals::SignalsConfig>& signals_settings() {
  static const auto section = signals::config_section().rule(
      [](const signals::SignalsConfig& s, std::vector<std::string>& problems) {
        if (auto why = listen_address_of("signals.listen", s.listen, "0.0.0.0:9465"); !why.empty())
          problems.push_back(why);
      });
  return section;
}

const Section<trackers::GitHubConfig>& github_settings() {
  return with_url_rule<trackers::GitHubConfig, &trackers::GitHubConfig::api_url>(
      trackers::github_section(), "trackers.github.api_url");
}

const Section<trackers::JiraConfig>& jira_settings() {
  return with_url_rule<trackers::JiraConfig, &trackers::JiraConfig::base_url>(
      trackers::jira_section(), "trackers.jira.base_url");
}

const Section<Config::Tls>& tls_settings() {
  static const auto section = Section<Config::Tls>("tls").text(
      "ca_file", [](Config::Tls& t) -> auto& { return t.ca_file; });
  return section;
}

const Section<Config::Http>& http_settings() {
  static const auto section = Section<Config::Http>("http").text(
      "listen", [](Config::Http& h) -> auto& { return h.listen; }, listen_address);
  return section;
}

// Every section, seen the same way: read it, list its keys and its secrets.
struct BoundSection {
  std::string name;
  std::function<void(const toml::table& root, Config&, ConfigProblems&)> read;
  std::vector<std::string> keys;  // dotted
  std::function<std::vector<std::pair<std::string, std::string>>(const Config&)> secrets;
};

const std::set<std::string>& section_names();

// The table of a section named "trackers.github": each dotted part a table in the last.
const toml::table* table_at(const toml::table& root, const std::string& dotted) {
  const toml::table* table = &root;
  for (std::size_t from = 0; table != nullptr && from <= dotted.size();) {
    const auto dot = std::min(dotted.find('.', from), dotted.size());
    table = (*table)[dotted.substr(from, dot - from)].as_table();
    from = dot + 1;
  }
  return table;
}

// The sections inside `name` ([trackers.github] in [trackers]), by their last part.
std::set<std::string> subsections_of(const std::string& name);

template <class Settings, class Field>
BoundSection bind(const Section<Settings>& section, Field field) {
  BoundSection b;
  b.name = section.name();
  b.read = [&section, field](const toml::table& root, Config& c, ConfigProblems& p) {
    const toml::table* table = section.name().empty() ? &root : table_at(root, section.name());
    read_section(table, section, field(c),
                 section.name().empty() ? section_names() : subsections_of(section.name()), p);
  };
  for (const auto& k : section.keys()) b.keys.push_back(section.dotted(k.name));
  b.secrets = [&section, field](const Config& c) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& k : section.keys())
      if (k.secret) out.emplace_back(section.dotted(k.name), k.text_of(field(const_cast<Config&>(c))));
    return out;
  };
  return b;
}

const std::vector<BoundSection>& all_sections() {
  static const std::vector<BoundSection> sections = {
      bind(top_settings(), [](Config& c) -> Config& { return c; }),
      bind(core::postmortem_settings(), [](Config& c) -> auto& { return c.postmortem; }),
      bind(core::reminder_settings(), [](Config& c) -> auto& { return c.reminders; }),
      bind(core::nudge_settings(), [](Config& c) -> auto& { return c.nudges; }),
      bind(core::digest_settings(), [](Config& c) -> auto& { return c.digest; }),
      bind(slack_settings(), [](Config& c) -> auto& { return c.slack; }),
      bind(matrix_settings(), [](Config& c) -> auto& { return c.matrix; }),
      bind(signals_settings(), [](Config& c) -> auto& { return c.signals; }),
      bind(web::config_section(), [](Config& c) -> auto& { return c.web; }),
      bind(trackers::config_section(), [](Config& c) -> auto& { return c.trackers; }),
      bind(github_settings(), [](Config& c) -> auto& { return c.trackers.github; }),
      bind(jira_settings(), [](Config& c) -> auto& { return c.trackers.jira; }),
      bind(tls_settings(), [](Config& c) -> auto& { return c.tls; }),
      bind(http_settings(), [](Config& c) -> auto& { return c.http; }),
  };
  return sections;
}

using config_detail::kPeople;

const std::set<std::string>& section_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> n{std::string(kPeople)};
    for (const auto& s : all_sections())
      if (!s.name.empty()) n.insert(s.name.substr(0, s.name.find('.')));
    return n;
  }();
  return names;
}

std::set<std::string> subsections_of(const std::string& name) {
  std::set<std::string> inside;
  for (const auto& s : all_sections())
    if (s.name.starts_with(name + ".")) inside.insert(s.name.substr(name.size() + 1));
  return inside;
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
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& section : all_sections())
    for (auto& secret : section.secrets(*this)) out.push_back(std::move(secret));
  return out;
}

std::vector<std::string> known_config_keys() {
  std::vector<std::string> keys;
  for (const auto& section : all_sections())
    keys.insert(keys.end(), section.keys.begin(), section.keys.end());
  keys.emplace_back(kPeople);
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
  for (const auto& section : all_sections()) section.read(root, c, problems);
  config_detail::read_people(root, c, problems);
  config_detail::validate(c, problems);
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
