// Pure helpers for what a sync delivers: where our own history in a room
// begins, filling a limited timeline's gap, and remembering recent event ids.
#pragma once

#include "adapters/net/recent_ids.hpp"

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "adapters/matrix/decoder.hpp"

namespace scribe::matrix {

// Our own m.room.member join to the room.
bool is_own_join(const RoomEvent& event, std::string_view self_user_id);

// Removes everything before (and including) our latest join in `events`
// (chronological): what was said before Scribe was in the room is history,
// never commands. Returns true when a join was found.
bool drop_history_before_join(std::vector<RoomEvent>& events, std::string_view self_user_id);

// The events of a gap, gathered from /messages pages read backwards (dir=b).
class GapCollector {
 public:
  explicit GapCollector(std::string self_user_id) : self_(std::move(self_user_id)) {}
  // Adds one page (newest first). Returns whether to read another page: false
  // once the page ran out (no `end`), was empty, or reached our own join.
  bool add_page(const MessagesPage& page);
  bool reached_join() const { return reached_join_; }
  // The gap's events oldest first, ready to go before the sync's timeline.
  std::vector<RoomEvent> chronological() const;

 private:
  std::string self_;
  std::vector<RoomEvent> newest_first_;
  bool reached_join_ = false;
};

// Event ids already delivered, to count duplicates (the engine's ledger is
// what guarantees at-most-once across restarts).
using RecentIds = net::RecentIds;
inline constexpr std::size_t kRecentEventIds = 10'000;

}  // namespace scribe::matrix
