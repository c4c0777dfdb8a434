#include "bot/core/signal.hpp"

#include <array>

#include "bot/core/text.hpp"

namespace scribe::core {
namespace {

// At SignalKind's values; stored, never rename one.
constexpr std::array<std::string_view, 8> kKindNames{
    "alert", "alert_resolved", "page", "acknowledged", "page_resolved", "deploy", "change", "note"};
static_assert(static_cast<std::size_t>(SignalKind::note) == kKindNames.size() - 1);

}  // namespace

std::string_view to_string(SignalKind kind) {
  const auto i = static_cast<std::size_t>(kind);
  return i < kKindNames.size() ? kKindNames[i] : "?";
}

std::optional<SignalKind> parse_signal_kind(std::string_view s) {
  const std::string key = ascii_lower(s);
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == key) return static_cast<SignalKind>(i);
  return std::nullopt;
}

std::string source_label(std::string_view source) {
  if (source == "alertmanager") return "Alertmanager";
  if (source == "grafana") return "Grafana";
  if (source == "pagerduty") return "PagerDuty";
  if (source == "github") return "GitHub";
  if (source == "generic") return "webhook";
  return std::string(source);
}

}  // namespace scribe::core
