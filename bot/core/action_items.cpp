#include "bot/core/action_items.hpp"

#include <chrono>

#include "bot/core/time.hpp"
#include "bot/core/tracker.hpp"

namespace scribe::core {

std::int64_t days_overdue(const ActionItem& item, Instant now, std::string_view owner_zone) {
  if (!item.due || item.done_at) return 0;
  const Instant late_from = end_of_day(*item.due, owner_zone);
  if (now < late_from) return 0;
  return std::chrono::floor<std::chrono::days>(now - late_from).count() + 1;
}

std::string mention(const std::string& user) {
  if (user.empty()) return "nobody";
  return user.starts_with('@') ? user : "@" + user;
}

std::string describe_action(const ActionItem& item, Instant now, std::string_view owner_zone) {
  std::string text = action_ref(item.number) + (item.done_at ? " [x] " : " [ ] ") +
                     mention(item.owner) + " \xE2\x80\x94 " + item.description + " \xE2\x80\x94 " +
                     (item.due ? "due " + format_date(*item.due) : "no due date") + " (" +
                     incident_ref(item.incident) + ")";
  if (const auto tracker = tracker_text(item.tracker); !tracker.empty())
    text += " \xE2\x86\x92 " + tracker;
  else if (item.tracker.state == TrackerLink::State::failed)
    text += " \xE2\x80\x94 not exported: " + item.tracker.error;
  if (const auto days = days_overdue(item, now, owner_zone); days > 0)
    text += " \xE2\x80\x94 " + std::to_string(days) + (days == 1 ? " day" : " days") + " overdue";
  return text;
}

}  // namespace scribe::core
