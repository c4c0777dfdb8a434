#include "adapters/matrix/timeline.hpp"

#include <algorithm>

namespace scribe::matrix {

bool is_own_join(const RoomEvent& event, std::string_view self_user_id) {
  return event.type == "m.room.member" && event.state_key && *event.state_key == self_user_id &&
         event.content.membership == "join";
}

bool drop_history_before_join(std::vector<RoomEvent>& events, std::string_view self_user_id) {
  const auto join = std::find_if(events.rbegin(), events.rend(),
                                 [&](const RoomEvent& e) { return is_own_join(e, self_user_id); });
  if (join == events.rend()) return false;
  events.erase(events.begin(), join.base());
  return true;
}

bool GapCollector::add_page(const MessagesPage& page) {
  for (const RoomEvent& e : page.chunk) {
    if (is_own_join(e, self_)) {
      reached_join_ = true;
      return false;
    }
    newest_first_.push_back(e);
  }
  return !page.chunk.empty() && !page.end.empty();
}

std::vector<RoomEvent> GapCollector::chronological() const {
  return {newest_first_.rbegin(), newest_first_.rend()};
}

}  // namespace scribe::matrix
