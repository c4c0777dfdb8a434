// The weekly review: open action items by owner with how late they are, what
// was closed that week, and how much of what came due lately got done.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/follow_up_policy.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

// A person's zone (for when their items are late), given their user id.
using ZoneOf = std::function<std::string(const std::string& user)>;

// Of the action items that came due in the window (the end of their due date,
// in the owner's zone, within (now - window, now]), how many are done. Items
// without a due date never come due and are not counted.
struct CompletionRate {
  int came_due = 0;
  int done = 0;
  std::optional<int> percent() const;  // rounded; empty when nothing came due
};
CompletionRate completion_rate(const std::vector<ActionItem>& items, Instant now, Millis window,
                               const ZoneOf& zone_of);

struct DigestInput {
  std::vector<ActionItem> items;  // every item, done ones included
  Instant now{};
  std::string zone = "UTC";  // display zone
  ZoneOf owner_zone;
  DigestPolicy policy;
  std::string web_base_url;  // [web] base_url: each incident and the action items page linked
};

// The digest as one chat message (Markdown-light: plain lines, no tables).
std::string weekly_digest(const DigestInput& input);

}  // namespace scribe::core
