#include "adapters/net/recent_ids.hpp"

namespace scribe::net {

void RecentIds::add(const std::string& id) {
  if (id.empty() || !set_.insert(id).second) return;
  order_.push_back(id);
  while (order_.size() > capacity_) {
    set_.erase(order_.front());
    order_.pop_front();
  }
}

}  // namespace scribe::net
