// The postmortem draft: figures computed from the timeline, the blameless
// review, and rendering through a Mustache template.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bot/core/types.hpp"

namespace scribe::core {

// The latest-recorded time of each milestone (a milestone given twice is a correction).
std::map<Milestone, Instant> effective_milestones(const std::vector<TimelineEntry>& timeline);

// A computed interval between two instants.
struct Span {
  Instant from;
  Instant to;
  Millis length() const { return to - from; }
  std::int64_t minutes() const;  // round_to_minutes(length())
};

// Every figure of DESIGN.md's table; empty where a milestone is missing or the
// order is impossible (an end before its start).
struct PostmortemFigures {
  std::optional<Span> duration;  // detected -> resolved, else declared -> resolved
  bool duration_from_declared = false;
  std::optional<Span> customer_impact;      // impact -> resolved
  std::optional<Span> detection_gap;        // impact -> detected
  std::optional<Span> time_to_acknowledge;  // detected -> acknowledged
  std::optional<Span> time_to_identify;     // detected -> identified
  std::optional<Span> time_to_mitigate;     // detected -> mitigated
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
};

struct TemplateError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Checks a template's syntax; throws TemplateError naming `name` and the problem.
void validate_template(const std::string& name, const std::string& template_text);

// Renders the Markdown draft. Throws TemplateError when the template is invalid.
std::string render_postmortem(const std::string& template_text, const DraftInput& input);

}  // namespace scribe::core
