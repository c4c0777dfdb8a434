#include "bot/core/types.hpp"

#include "bot/core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace scribe::core {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::pair<Enum, std::string_view>, N>& names,
                           std::string_view s) {
  const std::string key = ascii_lower(s);
  for (const auto& [value, name] : names)
    if (name == key) return value;
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& names,
                         Enum value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return "?";
}

constexpr std::array<std::pair<Milestone, std::string_view>, 7> kMilestoneNames{{
    {Milestone::started, "started"},
    {Milestone::impact, "impact"},
    {Milestone::detected, "detected"},
    {Milestone::acknowledged, "acknowledged"},
    {Milestone::identified, "identified"},
    {Milestone::mitigated, "mitigated"},
    {Milestone::resolved, "resolved"},
}};

constexpr std::array<std::pair<IncidentStatus, std::string_view>, 3> kStatusNames{{
    {IncidentStatus::open, "open"},
    {IncidentStatus::resolved, "resolved"},
    {IncidentStatus::closed, "closed"},
}};

constexpr std::array<std::pair<EntryKind, std::string_view>, 8> kEntryKindNames{{
    {EntryKind::declared, "declared"},
    {EntryKind::note, "note"},
    {EntryKind::milestone, "milestone"},
    {EntryKind::severity, "severity"},
    {EntryKind::lead, "lead"},
    {EntryKind::title, "title"},
    {EntryKind::pinned, "pinned"},
    {EntryKind::correction, "correction"},
}};

}  // namespace

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::p1:
      return "P1";
    case Severity::p2:
      return "P2";
    case Severity::p3:
      return "P3";
    case Severity::p4:
      return "P4";
  }
  return "?";
}

std::optional<Severity> parse_severity(std::string_view s) {
  std::string key = ascii_lower(s);
  if (key.starts_with("sev:"))
    key.erase(0, 4);
  else if (key.starts_with("sev"))
    key.erase(0, 3);
  if (key.starts_with("p")) key.erase(0, 1);
  if (key == "1") return Severity::p1;
  if (key == "2") return Severity::p2;
  if (key == "3") return Severity::p3;
  if (key == "4") return Severity::p4;
  return std::nullopt;
}

std::string_view to_string(Milestone m) {
  return name_of(kMilestoneNames, m);
}
std::optional<Milestone> parse_milestone(std::string_view s) {
  return lookup(kMilestoneNames, s);
}

std::string_view milestone_label(Milestone m) {
  switch (m) {
    case Milestone::started: return "Problem started";
    case Milestone::impact: return "Impact started";
    case Milestone::detected: return "Detected";
    case Milestone::acknowledged: return "Acknowledged";
    case Milestone::identified: return "Cause identified";
    case Milestone::mitigated: return "Mitigated";
    case Milestone::resolved: return "Resolved";
  }
  return "";
}

std::string_view to_string(IncidentStatus s) {
  return name_of(kStatusNames, s);
}
std::optional<IncidentStatus> parse_incident_status(std::string_view s) {
  return lookup(kStatusNames, s);
}

std::string_view to_string(EntryKind k) {
  return name_of(kEntryKindNames, k);
}
std::optional<EntryKind> parse_entry_kind(std::string_view s) {
  return lookup(kEntryKindNames, s);
}

std::string incident_ref(std::int64_t number) {
  return "INC-" + std::to_string(number);
}
std::string action_ref(std::int64_t number) {
  return "A-" + std::to_string(number);
}
std::string draft_file_name(std::int64_t incident, int version) {
  return incident_ref(incident) + "-postmortem-v" + std::to_string(version) + ".md";
}

}  // namespace scribe::core
