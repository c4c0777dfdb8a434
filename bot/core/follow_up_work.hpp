// Private to FollowUp: one piece of pending work, and the effects of a run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bot/core/follow_up.hpp"

namespace scribe::core {

// The kinds recorded in the ReminderLog. Stored: never rename one.
namespace log_kind {
inline constexpr const char* kHeadsUp = "heads_up";
inline constexpr const char* kOverdue = "overdue";
inline constexpr const char* kEscalation = "escalation";
inline constexpr const char* kUpdateNudge = "update_nudge";
inline constexpr const char* kLeadNudge = "lead_nudge";
inline constexpr const char* kReview = "review";
inline constexpr const char* kDigest = "weekly";
}  // namespace log_kind

// The ReminderLog key of the weekly digest (items and incidents use A-<n> and INC-<n>).
inline constexpr const char* kDigestKey = "digest";

struct FollowUp::Work {
  // In the order work due at the same instant runs.
  enum class Kind { heads_up, overdue, review, lead_nudge, update_nudge, digest };
  Kind kind = Kind::overdue;
  Instant due{};
  std::optional<ActionItem> item;
  std::optional<Incident> incident;  // the item's incident, or the incident the work is about
  std::string zone;                  // the item owner's zone
  // heads_up, overdue: when the item is late; review: when its reminders start.
  Instant start{};
  // update_nudge: the last timeline activity.
  Instant since{};
  std::string reason;  // review: why the postmortem is required
};

struct FollowUp::Batch {
  Instant now{};
  std::vector<ScheduledEffect> effects;

  void direct(const std::string& platform, const std::string& user, std::string text) {
    effects.push_back({now, platform, DirectMessage{user, std::move(text)}});
  }
  void post(const std::string& platform, const std::string& channel, std::string text,
            std::vector<std::string> mentions = {}) {
    effects.push_back(
        {now, platform, PostMessage{channel, std::move(text), "", std::move(mentions)}});
  }
};

}  // namespace scribe::core
