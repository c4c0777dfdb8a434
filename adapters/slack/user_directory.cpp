#include "adapters/slack/user_directory.hpp"

#include <spdlog/spdlog.h>

namespace scribe::slack {

namespace asio = boost::asio;

UserDirectory::UserDirectory(asio::any_io_executor executor, WebApiClient& api,
                             std::chrono::minutes ttl)
    : executor_(executor), api_(api), ttl_(ttl), answered_(executor), tasks_(executor, "slack") {}

std::optional<UserInfo> UserDirectory::cached(const std::string& user) const {
  auto it = cache_.find(user);
  if (it == cache_.end()) return std::nullopt;
  return it->second.info;
}

asio::awaitable<void> UserDirectory::prefetch(const std::vector<std::string>& users,
                                              std::chrono::milliseconds budget) {
  const auto now = std::chrono::steady_clock::now();
  std::set<std::string> waiting;
  for (const auto& user : users) {
    if (user.empty()) continue;
    auto it = cache_.find(user);
    const bool fresh = it != cache_.end() && now - it->second.fetched < ttl_;
    if (fresh) continue;
    if (it != cache_.end()) {
      // Stale: refresh in the background, the old answer serves meanwhile.
      if (!stopped_ && in_flight_.insert(user).second) tasks_.spawn(fetch(user), "users.info");
      continue;
    }
    waiting.insert(user);
    if (!stopped_ && in_flight_.insert(user).second) tasks_.spawn(fetch(user), "users.info");
  }
  const auto deadline = now + budget;
  auto pending = [&] {
    for (const auto& u : waiting)
      if (in_flight_.contains(u)) return true;
    return false;
  };
  co_await answered_.wait_while(pending, deadline);
}

asio::awaitable<void> UserDirectory::fetch(std::string user) {
  ++lookups_;
  // users.info reads form-encoded arguments only.
  const Args args{{"user", user}};
  ApiReply reply = co_await api_.call_retrying("users.info", args, Encoding::form);
  if (reply.ok) {
    const UserProfile profile = read_user(reply);
    UserInfo info;
    info.name = profile.display_name;
    if (info.name.empty()) info.name = profile.real_name;
    if (info.name.empty()) info.name = profile.name;
    info.tz = profile.tz;
    cache_[user] = Entry{std::move(info), std::chrono::steady_clock::now()};
  } else if (!reply.transient && !reply.retry_after && reply.status != 0) {
    // user_not_found and the like: remember, so every message does not ask again.
    spdlog::warn("slack: users.info for {} failed: {}", user, reply.error);
    cache_[user] = Entry{UserInfo{}, std::chrono::steady_clock::now()};
  } else {
    spdlog::debug("slack: users.info for {} not answered: {}", user, reply.error);
  }
  in_flight_.erase(user);
  answered_.notify();
}

}  // namespace scribe::slack
