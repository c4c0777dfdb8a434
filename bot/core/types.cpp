#include "bot/core/types.hpp"

#include "bot/core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace scribe::core {
namespace {

// An enum's words, each at its enumerator's value (the enumerators run from 0
// without gaps, so a table cannot list a name against the wrong value).
template <typename Enum, std::size_t N>
struct EnumWords {
  std::array<std::string_view, N> words;

  std::string_view operator[](Enum value) const {
    const auto i = static_cast<std::size_t>(value);
    return i < N ? words[i] : "?";
  }
  std::optional<Enum> parse(std::string_view s) const {
    const std::string key = ascii_lower(s);
    for (std::size_t i = 0; i < N; ++i)
      if (words[i] == key) return static_cast<Enum>(i);
    return std::nullopt;
  }
};

constexpr EnumWords<Milestone, 7> kMilestoneNames{
    {"started", "impact", "detected", "acknowledged", "identified", "mitigated", "resolved"}};
constexpr EnumWords<Milestone, 7> kMilestoneLabels{{"Problem started", "Impact started", "Detected",
                                                    "Acknowledged", "Cause identified", "Mitigated",
                                                    "Resolved"}};
constexpr EnumWords<IncidentStatus, 3> kStatusNames{{"open", "resolved", "closed"}};
constexpr EnumWords<EntryKind, 8> kEntryKindNames{
    {"declared", "note", "milestone", "severity", "lead", "title", "pinned", "correction"}};
// A note and a milestone have no heading of their own (a milestone's is its label).
constexpr EnumWords<EntryKind, 8> kEntryKindLabels{
    {"Declared", "", "", "Severity", "Lead", "Title", "Pinned", "Correction"}};
static_assert(kMilestoneNames.words.back() == "resolved" &&
              static_cast<int>(Milestone::resolved) == 6);
static_assert(kEntryKindNames.words.back() == "correction" &&
              static_cast<int>(EntryKind::correction) == 7);
static_assert(static_cast<int>(IncidentStatus::closed) == 2);

constexpr EnumWords<TrackerLink::State, 5> kTrackerStateNames{
    {"", "requested", "creating", "linked", "failed"}};
static_assert(static_cast<int>(TrackerLink::State::failed) == 4);

// Severity runs from 1: P1 is the worst.
constexpr std::array<std::string_view, 4> kSeverityNames{"P1", "P2", "P3", "P4"};

}  // namespace

std::string_view to_string(TrackerLink::State state) {
  return kTrackerStateNames[state];
}
std::optional<TrackerLink::State> parse_tracker_state(std::string_view s) {
  return kTrackerStateNames.parse(s);
}

std::string_view to_string(Severity s) {
  const auto i = static_cast<std::size_t>(s) - 1;
  return i < kSeverityNames.size() ? kSeverityNames[i] : "?";
}

std::optional<Severity> parse_severity(std::string_view s) {
  std::string key = ascii_lower(s);
  if (key.starts_with("sev:"))
    key.erase(0, 4);
  else if (key.starts_with("sev"))
    key.erase(0, 3);
  if (key.starts_with("p")) key.erase(0, 1);
  if (key.size() == 1 && key[0] >= '1' && key[0] <= '4') return static_cast<Severity>(key[0] - '0');
  return std::nullopt;
}

std::string_view to_string(Milestone m) {
  return kMilestoneNames[m];
}
std::optional<Milestone> parse_milestone(std::string_view s) {
  return kMilestoneNames.parse(s);
}
std::string_view milestone_label(Milestone m) {
  return kMilestoneLabels[m];
}

std::string_view to_string(IncidentStatus s) {
  return kStatusNames[s];
}
std::optional<IncidentStatus> parse_incident_status(std::string_view s) {
  return kStatusNames.parse(s);
}

std::string_view to_string(EntryKind k) {
  return kEntryKindNames[k];
}
std::optional<EntryKind> parse_entry_kind(std::string_view s) {
  return kEntryKindNames.parse(s);
}
std::string_view entry_kind_label(EntryKind k) {
  return kEntryKindLabels[k];
}

std::vector<Outbound> effects_for(const std::vector<ScheduledEffect>& scheduled,
                                  std::string_view platform) {
  std::vector<Outbound> out;
  for (const auto& s : scheduled)
    if (s.platform == platform) out.push_back(s.effect);
  return out;
}

std::string incident_ref(std::int64_t number) {
  return "INC-" + std::to_string(number);
}
std::string action_ref(std::int64_t number) {
  return "A-" + std::to_string(number);
}
std::string entry_ref(std::int64_t id) {
  return "T-" + std::to_string(id);
}
std::string web_page_url(std::string_view base_url, std::string_view path) {
  if (base_url.empty()) return {};
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  return std::string(base_url) + std::string(path);
}
std::string incident_page_url(std::string_view base_url, std::int64_t number) {
  return web_page_url(base_url, "/incidents/" + incident_ref(number));
}
std::string draft_file_name(std::int64_t incident, int version) {
  return incident_ref(incident) + "-postmortem-v" + std::to_string(version) + ".md";
}

}  // namespace scribe::core
