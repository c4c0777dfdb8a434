// The figures of a postmortem, computed from the timeline so nobody types them.
#include <set>
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

bool more_severe(Severity a, Severity b) {
  return static_cast<int>(a) < static_cast<int>(b);  // P1 (1) is worse than P2 (2)
}

// The pairs whose order is checked: the first should not come after the
// second. Everything after `started`; resolution after impact and detection;
// the response milestones after detection.
constexpr std::pair<Milestone, Milestone> kOrderRules[] = {
    {Milestone::started, Milestone::impact},       {Milestone::started, Milestone::detected},
    {Milestone::started, Milestone::acknowledged}, {Milestone::started, Milestone::identified},
    {Milestone::started, Milestone::mitigated},    {Milestone::started, Milestone::resolved},
    {Milestone::impact, Milestone::resolved},      {Milestone::detected, Milestone::resolved},
    {Milestone::detected, Milestone::mitigated},   {Milestone::detected, Milestone::acknowledged},
    {Milestone::detected, Milestone::identified},
};

}  // namespace

std::map<Milestone, const TimelineEntry*> milestone_entries(
    const std::vector<TimelineEntry>& timeline) {
  std::map<Milestone, const TimelineEntry*> latest;
  for (const auto& entry : timeline) {
    if (!entry.counts() || entry.kind != EntryKind::milestone || !entry.milestone) continue;
    auto& current = latest[*entry.milestone];
    if (current == nullptr || recorded_later(entry, *current)) current = &entry;
  }
  return latest;
}

std::map<Milestone, Instant> effective_milestones(const std::vector<TimelineEntry>& timeline) {
  std::map<Milestone, Instant> result;
  for (const auto& [milestone, entry] : milestone_entries(timeline))
    result.emplace(milestone, entry->at);
  return result;
}

std::int64_t Span::minutes() const {
  return round_to_minutes(length());
}

std::optional<std::int64_t> PostmortemFigures::detection_gap_minutes() const {
  if (detection_gap) return detection_gap->minutes();
  if (detected_before_impact) return 0;
  return std::nullopt;
}

std::string describe(const OrderProblem& problem, const std::function<std::string(Instant)>& when) {
  const auto mark = [&](const OrderProblem::Mark& m) {
    return m.name + " (" + (m.entry > 0 ? "T-" + std::to_string(m.entry) + ", " : "") +
           when(m.at) + ")";
  };
  return mark(problem.later) + " is before " + mark(problem.earlier);
}

PostmortemFigures compute_figures(const Incident& incident,
                                  const std::vector<TimelineEntry>& timeline) {
  const auto entries = milestone_entries(timeline);
  const auto mark_of = [&](Milestone m) -> std::optional<OrderProblem::Mark> {
    const auto it = entries.find(m);
    if (it == entries.end()) return std::nullopt;
    return OrderProblem::Mark{std::string(to_string(m)), it->second->at, it->second->id};
  };

  PostmortemFigures figures;
  // A milestone in an impossible order is doubtful: which of the two is wrong
  // nobody can tell, so every figure that uses either is left out.
  std::set<Milestone> doubtful;
  for (const auto& [first, second] : kOrderRules) {
    const auto a = mark_of(first);
    const auto b = mark_of(second);
    if (!a || !b || b->at >= a->at) continue;
    figures.order_problems.push_back({*a, *b});
    doubtful.insert(first);
    doubtful.insert(second);
  }

  const auto usable = [&](Milestone m) -> std::optional<Instant> {
    const auto mark = mark_of(m);
    if (!mark || doubtful.contains(m)) return std::nullopt;
    return mark->at;
  };
  const auto span = [&](Milestone from, Milestone to) -> std::optional<Span> {
    const auto a = usable(from);
    const auto b = usable(to);
    if (!a || !b) return std::nullopt;
    return Span{*a, *b};
  };

  const bool detected_marked = mark_of(Milestone::detected).has_value();
  figures.duration_from_declared = !detected_marked;
  if (detected_marked) {
    figures.duration = span(Milestone::detected, Milestone::resolved);
  } else if (const auto resolved = usable(Milestone::resolved)) {
    if (*resolved >= incident.declared_at) {
      figures.duration = Span{incident.declared_at, *resolved};
    } else {
      // Declared after the fact: the declaration is no start to measure from.
      figures.order_problems.push_back(
          {{"the declaration", incident.declared_at, 0}, *mark_of(Milestone::resolved)});
    }
  }
  figures.customer_impact = span(Milestone::impact, Milestone::resolved);
  if (const auto gap = span(Milestone::impact, Milestone::detected)) {
    if (gap->to >= gap->from)
      figures.detection_gap = gap;
    else
      figures.detected_before_impact = Span{gap->to, gap->from};
  }
  figures.time_to_acknowledge = span(Milestone::detected, Milestone::acknowledged);
  figures.time_to_identify = span(Milestone::detected, Milestone::identified);
  figures.time_to_mitigate = span(Milestone::detected, Milestone::mitigated);

  figures.highest_severity = incident.severity;
  for (const auto& entry : timeline) {
    if (!entry.counts() || !entry.severity) continue;
    if (!figures.highest_severity || more_severe(*entry.severity, *figures.highest_severity))
      figures.highest_severity = entry.severity;
  }
  return figures;
}

}  // namespace scribe::core
