// How late an action item is, and how it reads in a list. Shared by the
// `/incident actions` reply, `scribe actions` and the reminders.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bot/core/types.hpp"

namespace scribe::core {

// Whole days an open item is past the end of its due date in its owner's
// zone: 1 on the first day after the due date; 0 when not (yet) late, done,
// or without a due date.
std::int64_t days_overdue(const ActionItem& item, Instant now, std::string_view owner_zone);
// Late: open, and its due date over in the owner's zone.
inline bool is_overdue(const ActionItem& item, Instant now, std::string_view owner_zone) {
  return days_overdue(item, now, owner_zone) > 0;
}

// "A-3 [ ] @sam — Fix the query — due 2026-03-13 (INC-1) — 2 days overdue"
std::string describe_action(const ActionItem& item, Instant now, std::string_view owner_zone);

// "@sam", or a Matrix id as it is.
std::string mention(const std::string& user);

}  // namespace scribe::core
