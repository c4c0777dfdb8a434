// Each source's webhook payload as core Signals: the real shapes of
// Alertmanager (version 4), Grafana's webhook contact point, PagerDuty
// Webhooks v3, GitHub `deployment_status`, and Scribe's generic JSON. Lenient
// about fields a sender adds; a payload without what a signal needs is refused
// with a one-line reason.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "adapters/signals/signals_config.hpp"
#include "bot/core/signal.hpp"

namespace scribe::signals {

struct DecodeOptions {
  std::vector<std::string> service_labels{"service", "job", "app"};
  core::Instant received_at{};  // a generic signal without `at` happened now
  // A firing alert matching all of these declares (empty: none does).
  std::vector<LabelMatcher> auto_declare{};
  core::settings::Table severity_labels{};  // `severity` label -> P1..P4
};

// The signals of one payload (possibly none: a GitHub ping), or why it is refused.
using Decoded = std::variant<std::vector<core::Signal>, std::string>;

// `source` is "alertmanager" or "grafana" (Grafana's body is Alertmanager's, extended).
Decoded decode_alert_group(std::string_view source, std::string_view body,
                           const DecodeOptions& options);
Decoded decode_pagerduty(std::string_view body);
// `event` and `delivery`: the X-GitHub-Event and X-GitHub-Delivery headers.
Decoded decode_github(std::string_view event, std::string_view delivery, std::string_view body);
Decoded decode_generic(std::string_view body, const DecodeOptions& options);

}  // namespace scribe::signals
