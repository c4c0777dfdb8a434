// Action items in the team's tracker (GitHub Issues or Jira), as the core sees
// them: where they go, what the issue says, and what the tracker reported.
// No HTTP here: adapters/trackers speaks to the trackers, the engine keeps the
// state (engine_trackers.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/types.hpp"

namespace scribe::core {

// [trackers] export: when an item becomes a tracker issue by itself.
enum class ExportWhen { manual, on_create, on_close };
std::optional<ExportWhen> parse_export_when(std::string_view text);

// The tracker this Scribe exports to; an empty `system` means none.
struct TrackerTarget {
  std::string system;  // "github" or "jira"
  std::string where;   // "acme/web" (repository) or "OPS" (project)
  ExportWhen when = ExportWhen::manual;

  bool configured() const { return !system.empty(); }
  std::string label() const;  // "GitHub acme/web", "Jira OPS"
};

// What the issue for an action item says, built by the core from the item,
// its incident and the incident's figures.
struct TrackerIssue {
  std::int64_t item = 0;
  std::int64_t incident = 0;
  std::string title;                    // the item's description, on one line
  std::vector<std::string> paragraphs;  // the body, plain text, one paragraph each
  std::string owner;                    // platform user id or name: the assignee's key in [people]
  std::optional<std::chrono::year_month_day> due;
  std::vector<std::string> labels;  // the incident id (the adapter adds its configured ones)
  // Written into the issue so Scribe can find it again after a crash or a
  // lost answer: "scribe-A-3".
  std::string marker;
};

std::string tracker_marker(std::int64_t item);

// A tracker issue's state as the tracker reported it (webhook or poll).
struct TrackerObservation {
  std::string key;      // "acme/web#41", "OPS-112"
  bool closed = false;  // GitHub closed; Jira a status in the done category
  std::string by;       // who changed it there, when known
};

// "acme/web#41 (https://github.com/acme/web/issues/41)", or "" for an item
// that has no issue yet.
std::string tracker_text(const TrackerLink& link);

// The comment left on the issue when the item was done in chat.
std::string tracker_done_comment(const ActionItem& item);

}  // namespace scribe::core
