#include "bot/core/digest.hpp"

#include <chrono>
#include <cmath>
#include <map>

#include "bot/core/action_items.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

constexpr std::string_view kDash = " \xE2\x80\x94 ";

// "(INC-4)", or "(INC-4 https://…/incidents/INC-4)" with the web view.
std::string incident_mention(std::int64_t incident, const std::string& base_url) {
  const std::string url = incident_page_url(base_url, incident);
  return "(" + incident_ref(incident) + (url.empty() ? "" : " " + url) + ")";
}

std::string open_item_line(const ActionItem& item, Instant now, const std::string& owner_zone,
                           const std::string& base_url) {
  std::string line = "  " + action_ref(item.number) + std::string(kDash) + item.description +
                     std::string(kDash) +
                     (item.due ? "due " + format_date(*item.due) : "no due date") + " " +
                     incident_mention(item.incident, base_url);
  if (!item.tracker.key.empty() && item.tracker.state == TrackerLink::State::linked)
    line += " \xE2\x86\x92 " + item.tracker.key;
  if (const auto days = days_overdue(item, now, owner_zone); days > 0)
    line += std::string(kDash) + std::to_string(days) + (days == 1 ? " day" : " days") + " overdue";
  return line;
}

std::string closed_item_line(const ActionItem& item, const std::string& zone,
                             const std::string& base_url) {
  return "  " + action_ref(item.number) + " " + mention(item.owner) + std::string(kDash) +
         item.description + " " + incident_mention(item.incident, base_url) + std::string(kDash) +
         "done " + format_date(local_date(*item.done_at, zone)) +
         (item.done_by.empty() || item.done_by == item.owner ? "" : " by " + mention(item.done_by));
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::optional<int> CompletionRate::percent() const {
  if (came_due == 0) return std::nullopt;
  return static_cast<int>(std::lround(100.0 * done / came_due));
}

CompletionRate completion_rate(const std::vector<ActionItem>& items, Instant now, Millis window,
                               const ZoneOf& zone_of) {
  CompletionRate rate;
  for (const auto& item : items) {
    if (!item.due) continue;
    const Instant came_due = end_of_day(*item.due, zone_of(item.owner));
    if (came_due > now || came_due <= now - window) continue;
    ++rate.came_due;
    if (item.done_at && *item.done_at <= now) ++rate.done;
  }
  return rate;
}

std::string weekly_digest(const DigestInput& in) {
  const Instant week_start = in.now - std::chrono::days{7};
  // The items as they stood at `now`: a digest for an earlier date neither
  // lists what came later nor counts as done what was done afterwards.
  std::vector<ActionItem> items;
  for (ActionItem item : in.items) {
    if (item.created_at > in.now) continue;
    if (item.done_at && *item.done_at > in.now) item.done_at.reset();
    items.push_back(std::move(item));
  }
  std::map<std::string, std::vector<const ActionItem*>> open_by_owner;
  std::vector<const ActionItem*> closed_this_week;
  std::size_t open_count = 0;
  for (const auto& item : items) {
    if (!item.done_at) {
      open_by_owner[item.owner].push_back(&item);
      ++open_count;
    } else if (*item.done_at > week_start) {
      closed_this_week.push_back(&item);
    }
  }

  std::string text = "\xF0\x9F\x93\x8B Weekly review of action items, " +
                     format_date(local_date(week_start, in.zone)) + " to " +
                     format_date(local_date(in.now, in.zone)) + " (" + in.zone + ")\n";
  if (const auto page = web_page_url(in.web_base_url, "/actions"); !page.empty())
    text += "Every item by owner, with rates: " + page + "\n";
  if (open_count == 0) {
    text += "Open: none.\n";
  } else {
    text += "Open (" + std::to_string(open_count) + "), by owner:\n";
    for (const auto& [owner, items] : open_by_owner) {
      text += mention(owner) + "\n";
      for (const ActionItem* item : items)
        text += open_item_line(*item, in.now, in.owner_zone(item->owner), in.web_base_url) + "\n";
    }
  }
  if (closed_this_week.empty()) {
    text += "Closed this week: none.\n";
  } else {
    text += "Closed this week (" + std::to_string(closed_this_week.size()) + "):\n";
    for (const ActionItem* item : closed_this_week)
      text += closed_item_line(*item, in.zone, in.web_base_url) + "\n";
  }

  const auto days = std::chrono::duration_cast<std::chrono::days>(in.policy.completion_window);
  const std::string window = "the last " + std::to_string(days.count()) + " days";
  const CompletionRate rate =
      completion_rate(items, in.now, in.policy.completion_window, in.owner_zone);
  const auto percent = rate.percent();
  if (!percent) return text + "Completion rate: no action items came due in " + window + ".";
  text += "Completion rate over " + window + ": " + std::to_string(*percent) + "% (" +
          std::to_string(rate.done) + " done of " +
          plural(static_cast<std::size_t>(rate.came_due), "item", "items") + " that came due).";
  const int target = in.policy.completion_target_percent;
  if (target > 0 && *percent < target)
    text += "\n\xE2\x9A\xA0\xEF\xB8\x8F That is below the " + std::to_string(target) +
            "% target: action items from our incidents are not getting done. Finish "
            "or re-plan the overdue ones above.";
  return text;
}

}  // namespace scribe::core
