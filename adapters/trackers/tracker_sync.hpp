// The tracker loop: exports the items asked for, closes in the tracker what
// was done in chat, and reads back what changed there. The database is its
// queue: an export is `requested` until its turn, `creating` from just before
// its request (so after a crash or a lost answer the loop looks for the issue
// it may have made before it makes another), `linked` once the key is stored.
// A rate limit delays the loop (nothing is dropped); a network failure leaves
// the work for the next round; a refusal is reported once and not repeated.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/net/async.hpp"
#include "adapters/trackers/tracker_api.hpp"
#include "bot/core/engine.hpp"

namespace scribe::trackers {

struct TrackerStats {
  std::uint64_t exported = 0;     // issues made
  std::uint64_t found_again = 0;  // issues made before a crash or a lost answer, found by marker
  std::uint64_t refused = 0;      // exports the tracker refused (reported in the channel)
  std::uint64_t closed = 0;       // issues closed because the item was done in chat
  std::uint64_t followed = 0;     // closes and reopens in the tracker applied to items
  std::uint64_t rate_limit_waits = 0;
  std::uint64_t transient_failures = 0;  // left for the next round
};

struct TrackerSyncOptions {
  // An owner (user id or name) -> their account in this tracker ([people]).
  std::map<std::string, std::string> assignees;
  net::Millis check_every{2'000};  // how soon an asked export or close goes out
  net::Millis sync_every{0};       // how often every linked issue is read back; 0 = never
};

class TrackerSync {
 public:
  using Deliver = std::function<void(std::vector<core::ScheduledEffect>)>;

  TrackerSync(boost::asio::any_io_executor executor, core::IncidentEngine& engine, TrackerApi& api,
              TrackerSyncOptions options, Deliver deliver,
              net::Clock& clock = net::Clock::steady());

  // One round: every export asked for, every close owed, and (with `poll`)
  // the tracker read back: the first poll reads each issue still open there
  // one by one, later ones ask for what changed since the last (a reopen
  // included) in one query. Returns when all of it was tried.
  boost::asio::awaitable<void> round(bool poll);
  // Rounds until stop(): exports and closes every check_every, a poll every
  // sync_every.
  boost::asio::awaitable<void> run();
  void stop();

  // Closes and reopens reported by a webhook: applied at once.
  std::vector<core::ScheduledEffect> follow(const std::vector<core::TrackerObservation>& seen);

  const TrackerStats& stats() const { return stats_; }
  std::string system() const { return api_.system(); }

 private:
  template <class T>
  boost::asio::awaitable<Answer<T>> patiently(
      std::function<boost::asio::awaitable<Answer<T>>()> call);
  // The tracker's reason when it refused the export for good.
  boost::asio::awaitable<std::optional<std::string>> export_item(const core::ActionItem& item);
  boost::asio::awaitable<void> close_item(const core::ActionItem& item);
  boost::asio::awaitable<void> poll(const std::vector<core::ActionItem>& linked);
  void note_failure(const net::SendOutcome& failure, const std::string& what);

  core::IncidentEngine& engine_;
  TrackerApi& api_;
  TrackerSyncOptions options_;
  Deliver deliver_;
  net::Signal wake_;
  bool stopping_ = false;
  std::optional<core::Instant> last_poll_;  // when the last whole poll began
  TrackerStats stats_;
};

}  // namespace scribe::trackers
