// Display names and time zones of Slack users (users.info), cached.
//
// The choice (the issue asks to document it): a lookup never holds an ack
// back for long. Before a batch is committed, the authors it names are looked
// up concurrently and the batch waits for them for at most a small budget
// (SlackSettings::user_lookup_budget, 500 ms by default - well inside Slack's
// 3 s ack deadline). A user already cached costs nothing; a lookup that misses
// the budget keeps running in the background and fills the cache for later
// events, and the event at hand falls back to the configured zone. A speaker's
// first command therefore normally gets their own zone, since users.info
// answers in tens of milliseconds.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "adapters/net/async.hpp"
#include "adapters/slack/web_api_client.hpp"

namespace scribe::slack {

struct UserInfo {
  std::string name;  // display name, else real name, else the handle
  std::string tz;    // IANA zone, e.g. "America/Los_Angeles"; may be empty
};

class UserDirectory {
 public:
  UserDirectory(boost::asio::any_io_executor executor, WebApiClient& api,
                std::chrono::minutes ttl = std::chrono::minutes(60));

  std::optional<UserInfo> cached(const std::string& user) const;
  // Starts lookups for the users not cached (or stale) and returns when all of
  // them have answered or `budget` has passed, whichever is first.
  boost::asio::awaitable<void> prefetch(const std::vector<std::string>& users,
                                        std::chrono::milliseconds budget);
  // No new lookups; those in flight end with the HTTP client's shutdown.
  void stop() { stopped_ = true; }
  // Waits for lookups still in flight (call after the HTTP client's shutdown).
  boost::asio::awaitable<void> join() { co_await tasks_.join(); }
  std::size_t lookups() const { return lookups_; }

 private:
  boost::asio::awaitable<void> fetch(std::string user);

  struct Entry {
    UserInfo info;
    std::chrono::steady_clock::time_point fetched;
  };
  boost::asio::any_io_executor executor_;
  WebApiClient& api_;
  std::chrono::minutes ttl_;
  std::map<std::string, Entry> cache_;
  std::set<std::string> in_flight_;
  net::Signal answered_;
  net::TaskGroup tasks_;
  bool stopped_ = false;
  std::size_t lookups_ = 0;
};

}  // namespace scribe::slack
