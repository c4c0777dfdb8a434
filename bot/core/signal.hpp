// What machines say about an incident: alerts, pages and deploys, arriving by
// webhook. Adapters turn each source's payload into Signals; the core routes
// them to incidents by service and keeps the unrouted ones for a while, so an
// incident declared later still gets the deploy that caused it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/types.hpp"

namespace scribe::core {

enum class SignalKind {
  alert,           // a monitor's alert started firing
  alert_resolved,  // it stopped: a note, never the incident's `resolved`
  page,            // a pager opened an incident (PagerDuty triggered)
  acknowledged,    // a person took the page
  page_resolved,
  deploy,
  change,  // a config change, a feature flag, a migration
  note,
};
std::string_view to_string(SignalKind kind);
std::optional<SignalKind> parse_signal_kind(std::string_view s);

struct Signal {
  std::string source;  // "alertmanager", "grafana", "pagerduty", "github", "generic"
  // Unique within the source for one happening, the same on every re-send
  // (alert fingerprint + startsAt + status, a PagerDuty event id, ...).
  std::string key;
  SignalKind kind = SignalKind::note;
  Instant at{};  // when it happened, by the sender's clock
  std::vector<std::string> services;
  std::string name;  // the alert's name, the page's title, the deployed environment
  std::string text;  // one line for the timeline
  std::optional<std::int64_t> incident;  // named by the sender (generic `incident`)
  // Alerts: the severity the sender's labels map to; used by auto-declare.
  std::optional<Severity> severity;
  // A firing alert the adapter's auto_declare matchers chose: it declares an
  // incident (called `title`) when no open one is about its service. Read on
  // arrival only; a kept signal declares nothing.
  bool declares = false;
  std::string title;

  bool operator==(const Signal&) const = default;
};

// "Alertmanager", "PagerDuty", ...: the source as a person names it.
std::string source_label(std::string_view source);

}  // namespace scribe::core
