// The [signals] section of the config file, declared next to the listener it
// configures: where webhooks from monitoring, paging and deploys come in, the
// credentials each source must show, and how an alert names its service.
// Header-only and protocol-free (bot/core/settings_schema.hpp).
#pragma once

#include <chrono>
#include <optional>
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
  // A firing alert whose labels match every one of these ("severity=critical",
  // "team!=sandbox") declares an incident when no open one is about its service.
  std::vector<std::string> auto_declare;
  std::string auto_declare_channel;  // where auto-declared incidents are announced
  // An alert's `severity` label as the incident's severity.
  core::settings::Table severity_labels{
      {"critical", "P1"}, {"error", "P2"}, {"warning", "P3"}, {"info", "P4"}};
};

// One `auto_declare` entry: a label, = or !=, a value.
struct LabelMatcher {
  std::string label;
  bool equal = true;
  std::string value;
};

// nullopt when `text` is not `label=value` or `label!=value`.
inline std::optional<LabelMatcher> parse_label_matcher(const std::string& text) {
  const auto at = text.find('=');
  if (at == std::string::npos || at == 0) return std::nullopt;
  const bool negated = text[at - 1] == '!';
  LabelMatcher m{text.substr(0, negated ? at - 1 : at), !negated, text.substr(at + 1)};
  if (m.label.empty()) return std::nullopt;
  return m;
}

inline const core::settings::Section<SignalsConfig>& config_section() {
  using core::settings::Off;
  static const auto section =
      core::settings::Section<SignalsConfig>("signals")
          .text(
              "listen", [](SignalsConfig & s) -> auto& { return s.listen; })
          .text(
              "cert_file", [](SignalsConfig & s) -> auto& { return s.cert_file; })
          .text(
              "key_file", [](SignalsConfig & s) -> auto& { return s.key_file; })
          .secret(
              "token", [](SignalsConfig & s) -> auto& { return s.token; }, "SCRIBE_SIGNALS_TOKEN")
          .secret(
              "pagerduty_secret", [](SignalsConfig & s) -> auto& { return s.pagerduty_secret; },
              "SCRIBE_PAGERDUTY_SECRET")
          .secret(
              "github_secret", [](SignalsConfig & s) -> auto& { return s.github_secret; },
              "SCRIBE_GITHUB_WEBHOOK_SECRET")
          .list(
              "service_labels", [](SignalsConfig & s) -> auto& { return s.service_labels; },
              [](const std::string& label) {
                return label.empty() ? std::string("signals.service_labels has an empty label")
                                     : std::string();
              })
          .duration(
              "recent_changes", [](SignalsConfig & s) -> auto& { return s.recent_changes; },
              Off::allowed)
          .list(
              "auto_declare", [](SignalsConfig & s) -> auto& { return s.auto_declare; },
              [](const std::string& matcher) {
                return parse_label_matcher(matcher)
                           ? std::string()
                           : "signals.auto_declare entry `" + matcher +
                                 "` must be label=value or label!=value, like severity=critical";
              })
          .text(
              "auto_declare_channel",
              [](SignalsConfig & s) -> auto& { return s.auto_declare_channel; })
          .table(
              "severity_labels", [](SignalsConfig & s) -> auto& { return s.severity_labels; },
              [](const std::string& label, const std::string& severity) {
                return core::parse_severity(severity) ? std::string()
                                                      : "signals.severity_labels." + label + " `" +
                                                            severity + "` must be P1, P2, P3 or P4";
              })
          .rule([](const SignalsConfig& s, std::vector<std::string>& problems) {
            if (!s.auto_declare.empty() && s.auto_declare_channel.empty())
              problems.push_back(
                  "signals.auto_declare is set but auto_declare_channel is not: say where "
                  "auto-declared incidents are announced");
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
