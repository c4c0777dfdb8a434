// The figures of a postmortem, computed from the timeline so nobody types them.
#include <tuple>

#include "bot/core/postmortem.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

// A milestone given twice is a correction: the one said last wins, whatever
// time it names. Ids break ties between entries recorded in the same millisecond.
bool recorded_later(const TimelineEntry& a, const TimelineEntry& b) {
  return std::tie(a.recorded_at, a.id) > std::tie(b.recorded_at, b.id);
}

// Empty when either end is missing or the end comes before the start: a negative
// figure would only mislead, so the draft says the order looks wrong instead.
std::optional<Span> span_between(const std::map<Milestone, Instant>& milestones,
                                 std::optional<Instant> from, Milestone to) {
  const auto end = milestones.find(to);
  if (!from || end == milestones.end() || end->second < *from) return std::nullopt;
  return Span{*from, end->second};
}

std::optional<Instant> find(const std::map<Milestone, Instant>& milestones, Milestone m) {
  const auto it = milestones.find(m);
  if (it == milestones.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::map<Milestone, Instant> effective_milestones(const std::vector<TimelineEntry>& timeline) {
  std::map<Milestone, const TimelineEntry*> latest;
  for (const auto& entry : timeline) {
    if (entry.kind != EntryKind::milestone || !entry.milestone) continue;
    auto& current = latest[*entry.milestone];
    if (current == nullptr || recorded_later(entry, *current)) current = &entry;
  }
  std::map<Milestone, Instant> result;
  for (const auto& [milestone, entry] : latest) result.emplace(milestone, entry->at);
  return result;
}

std::int64_t Span::minutes() const {
  return round_to_minutes(length());
}

PostmortemFigures compute_figures(const Incident& incident,
                                  const std::vector<TimelineEntry>& timeline) {
  const auto milestones = effective_milestones(timeline);
  const auto detected = find(milestones, Milestone::detected);
  const auto impact = find(milestones, Milestone::impact);

  PostmortemFigures figures;
  figures.duration_from_declared = !detected.has_value();
  figures.duration =
      span_between(milestones, detected.value_or(incident.declared_at), Milestone::resolved);
  figures.customer_impact = span_between(milestones, impact, Milestone::resolved);
  figures.detection_gap = span_between(milestones, impact, Milestone::detected);
  figures.time_to_acknowledge = span_between(milestones, detected, Milestone::acknowledged);
  figures.time_to_identify = span_between(milestones, detected, Milestone::identified);
  figures.time_to_mitigate = span_between(milestones, detected, Milestone::mitigated);
  return figures;
}

}  // namespace scribe::core
