// The postmortem draft: figures computed from the timeline, the blameless
// review, and rendering through a Mustache template.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/core/types.hpp"

namespace scribe::core {

// The entry that sets each milestone: of the entries that count (not struck),
// the one recorded last (a milestone given twice is a correction).
std::map<Milestone, const TimelineEntry*> milestone_entries(
    const std::vector<TimelineEntry>& timeline);
// Their times.
std::map<Milestone, Instant> effective_milestones(const std::vector<TimelineEntry>& timeline);

// A computed interval between two instants.
struct Span {
  Instant from;
  Instant to;
  Millis length() const { return to - from; }
  std::int64_t minutes() const;  // round_to_minutes(length())
};

// Two marks in an order that cannot be: `later` should not come before `earlier`.
struct OrderProblem {
  struct Mark {
    std::string name;        // "resolved", "impact", "the declaration"
    Instant at;
    std::int64_t entry = 0;  // the timeline entry (T-n); 0 for the declaration
  };
  Mark earlier;  // what should come first
  Mark later;    // what came before it
};
// "resolved (T-12, 14:00) is before impact (T-9, 14:31)", times shown by `when`.
std::string describe(const OrderProblem& problem, const std::function<std::string(Instant)>& when);

// Every figure of the draft's table; empty where a milestone is missing or
// where one it depends on is in an order that cannot be (then `order_problems`
// names the entries, and the figure is left out everywhere rather than shown
// beside a warning).
struct PostmortemFigures {
  std::optional<Span> duration;  // detected -> resolved, else declared -> resolved
  bool duration_from_declared = false;
  std::optional<Span> customer_impact;  // impact -> resolved
  // impact -> detected; when detection came first (the best case: a canary or
  // an alert before customers noticed) the gap is 0 and the lead is kept in
  // `detected_before_impact` (detected -> impact).
  std::optional<Span> detection_gap;
  std::optional<Span> detected_before_impact;
  std::optional<Span> time_to_acknowledge;  // detected -> acknowledged
  std::optional<Span> time_to_identify;     // detected -> identified
  std::optional<Span> time_to_mitigate;     // detected -> mitigated
  std::vector<OrderProblem> order_problems;
  // The highest severity the incident reached (P1 for an hour, then P4: P1).
  std::optional<Severity> highest_severity;

  // The detection gap in whole minutes: 0 when detection came first.
  std::optional<std::int64_t> detection_gap_minutes() const;
};
PostmortemFigures compute_figures(const Incident& incident,
                                  const std::vector<TimelineEntry>& timeline);

// A sentence that names a person as the cause of the incident.
struct BlameFinding {
  std::string sentence;    // the sentence as written
  std::string who;         // the person it names ("@alice", "Bob")
  std::string suggestion;  // how to restate it as a system condition
};
// Reviews free text (summary, cause, whys, notes) for sentences that blame a person.
std::vector<BlameFinding> review_blame(const std::string& text);

// Everything a draft is made of. Names maps user ids to display names.
struct DraftInput {
  Incident incident;
  std::vector<TimelineEntry> timeline;
  std::vector<TranscriptLine> transcript;
  std::vector<ActionItem> actions;
  std::map<std::string, std::string> names;  // user id -> display name
  std::string zone;                          // IANA zone for every time shown
  int detection_target_minutes = 2;
  Instant generated_at{};
  int version = 1;
  std::string web_url;  // the incident's page, when [web] base_url is set
};

struct TemplateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks a template's syntax; throws TemplateError naming `name` and the problem.
void validate_template(const std::string& name, const std::string& template_text);

// Renders the Markdown draft. Throws TemplateError when the template is invalid.
std::string render_postmortem(const std::string& template_text, const DraftInput& input);

}  // namespace scribe::core
