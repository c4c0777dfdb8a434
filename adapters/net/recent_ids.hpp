// A bounded memory of ids seen lately (event ids, envelope ids), oldest
// forgotten first. Adapters use it to recognise redeliveries without asking
// storage; the engine's ledger still has the final word across restarts.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_set>

namespace scribe::net {

class RecentIds {
 public:
  explicit RecentIds(std::size_t capacity) : capacity_(capacity) {}
  bool contains(const std::string& id) const { return set_.contains(id); }
  // Remembers `id` (an empty id is ignored), forgetting the oldest past capacity.
  void add(const std::string& id);

 private:
  std::size_t capacity_;
  std::deque<std::string> order_;
  std::unordered_set<std::string> set_;
};

}  // namespace scribe::net
