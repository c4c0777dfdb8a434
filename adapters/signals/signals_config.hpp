// The [signals] section of the config file, declared next to the listener it
// configures: where webhooks from monitoring, paging and deploys come in, the
// credentials each source must show, and how an alert names its service.
// Header-only and protocol-free (bot/core/settings_schema.hpp).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "bot/core/settings_schema.hpp"

namespace scribe::signals {

struct SignalsConfig {
  std::string listen;     // "0.0.0.0:9465"; "" = off
  std::string cert_file;  // PEM; TLS of its own when set (with key_file)
  std::string key_file;
  std::string token;             // bearer token of alertmanager, grafana, generic: secret
  std::string pagerduty_secret;  // Webhooks v3 signing secret: secret
  std::string github_secret;     // webhook secret: secret
  // Alert labels that name the service, first found first.
  std::vector<std::string> service_labels{"service", "job", "app"};
  // Unrouted signals are kept this long for incidents declared later.
  core::Millis recent_changes = std::chrono::hours(2);
};

inline const core::settings::Section<SignalsConfig>& config_section() {
  using core::settings::Off;
  static const auto section =
      core::settings::Section<SignalsConfig>("signals")
          .text("listen", [](SignalsConfig& s) -> auto& { return s.listen; })
          .text("cert_file", [](SignalsConfig& s) -> auto& { return s.cert_file; })
          .text("key_file", [](SignalsConfig& s) -> auto& { return s.key_file; })
          .secret("token", [](SignalsConfig& s) -> auto& { return s.token; },
                  "SCRIBE_SIGNALS_TOKEN")
          .secret("pagerduty_secret", [](SignalsConfig& s) -> auto& { return s.pagerduty_secret; },
                  "SCRIBE_PAGERDUTY_SECRET")
          .secret("github_secret", [](SignalsConfig& s) -> auto& { return s.github_secret; },
                  "SCRIBE_GITHUB_WEBHOOK_SECRET")
          .list("service_labels", [](SignalsConfig& s) -> auto& { return s.service_labels; },
                [](const std::string& label) {
                  return label.empty() ? std::string("signals.service_labels has an empty label")
                                       : std::string();
                })
          .duration("recent_changes", [](SignalsConfig& s) -> auto& { return s.recent_changes; },
                    Off::allowed)
          .rule([](const SignalsConfig& s, std::vector<std::string>& problems) {
            if (s.cert_file.empty() != s.key_file.empty())
              problems.push_back("signals.cert_file and signals.key_file go together: set both");
            if (!s.listen.empty() && s.token.empty() && s.pagerduty_secret.empty() &&
                s.github_secret.empty())
              problems.push_back(
                  "signals.listen is set but no source has a credential (set signals.token, "
                  "pagerduty_secret or github_secret, or SCRIBE_SIGNALS_TOKEN)");
          });
  return section;
}

}  // namespace scribe::signals
