// [people] and the rules across sections (config_detail.hpp).
#include <filesystem>

#include "adapters/net/listen_address.hpp"
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
#include "adapters/net/tls.hpp"
#endif
#include "bot/app/config_detail.hpp"
#include "bot/core/time.hpp"

namespace scribe::app::config_detail {

// A person is a zone string, or a table with their zone and tracker accounts:
// sam = { zone = "America/Los_Angeles", github = "samdev", jira = "<accountId>" }.
void read_people(const toml::table& root, Config& c, ConfigProblems& problems) {
  const auto* t = root[kPeople].as_table();
  if (t == nullptr) return;
  for (const auto& [key, entry] : *t) {
    const std::string who(key.str());
    const std::string where = "people." + who;
    std::optional<std::string> zone = entry.value<std::string>();
    if (const auto* person = entry.as_table()) {
      Config::Accounts accounts;
      for (const auto& [field, value] : *person) {
        const std::string name(field.str());
        const auto text = value.value<std::string>();
        if (!text) {
          problems.add(where + "." + name + " must be a string");
        } else if (name == "zone") {
          zone = *text;
        } else if (name == "github") {
          accounts.github = *text;
        } else if (name == "jira") {
          accounts.jira = *text;
        } else {
          problems.add("unknown key `" + where + "." + name +
                       "`: a person takes zone, github and jira");
        }
      }
      c.accounts[who] = accounts;
      if (!zone) continue;  // tracker accounts only: the platform's zone stays
    } else if (!zone) {
      problems.add(where +
                   " must be a zone name string or a table like "
                   "{ zone = \"UTC\", github = \"login\" }");
      continue;
    }
    if (!core::is_valid_zone(*zone)) problems.add(where + ": `" + *zone + "` is not an IANA zone");
    c.people[who] = *zone;
  }
}

void validate(const Config& c, ConfigProblems& problems) {
  if (const auto why = trackers::one_tracker_problem(c.trackers); !why.empty()) problems.add(why);
  // The pages hold every word said in an outage: nobody reads them unasked
  // from another machine.
  if (c.web.enabled && c.web.auth == "none" && !c.http.listen.empty() &&
      !net::is_loopback_listen(c.http.listen))
    problems.add("web.auth is \"none\" but http.listen `" + c.http.listen +
                 "` is not a loopback address: set web.auth = \"token\" or \"proxy\", "
                 "listen on 127.0.0.1, or set web.enabled = false");
  if (!c.postmortem.templates_dir.empty() &&
      !std::filesystem::is_directory(c.postmortem.templates_dir))
    problems.add("postmortem.templates_dir `" + c.postmortem.templates_dir +
                 "` is not a directory");
#ifdef SCRIBE_WITH_CHAT_ADAPTERS
  // `run` reads the extra trust anchors when a platform is enabled: the same
  // reading here, so check-config refuses what run would.
  if (!c.tls.ca_file.empty() && (c.slack.enabled || c.matrix.enabled)) {
    try {
      (void)net::make_tls_context(net::TlsOptions{c.tls.ca_file, true});
    } catch (const std::exception& e) {
      problems.add(e.what());
    }
  }
  // `run` loads the listener's certificate and key when it listens.
  if (!c.signals.listen.empty() && !c.signals.cert_file.empty() && !c.signals.key_file.empty()) {
    try {
      (void)net::make_server_tls_context(c.signals.cert_file, c.signals.key_file, "signals.");
    } catch (const std::exception& e) {
      problems.add(e.what());
    }
  }
#endif
}

}  // namespace scribe::app::config_detail
