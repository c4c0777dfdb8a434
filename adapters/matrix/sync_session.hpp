// The /sync transport loop: whoami, the stored filter, the initial sync, then
// long polls from the stored next_batch, filling limited timelines' gaps with
// /messages, backing off with jitter on failures and waiting out rate limits.
// Each sync becomes a SyncBatch handed to `deliver`, which must commit the
// batch's events together with next_batch (IncidentEngine::handle_batch).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "adapters/matrix/client_api.hpp"
#include "adapters/matrix/decoder.hpp"
#include "adapters/matrix/timeline.hpp"
#include "adapters/net/async.hpp"
#include "adapters/net/backoff.hpp"
#include "adapters/net/http_client.hpp"
#include "bot/core/engine.hpp"

namespace scribe::matrix {

inline constexpr std::string_view kNextBatchCursor = "matrix.next_batch";
inline constexpr std::string_view kFilterCursor = "matrix.filter_id";

struct SyncOptions {
  int timeout_ms = 30'000;                        // long-poll timeout asked of the server
  net::Millis http_grace{15'000};                 // the HTTP request may take timeout_ms + this
  int timeline_limit = 50;                        // per room and sync, in the stored filter
  int gap_page_limit = 100;                       // events per /messages page when filling a gap
  int max_gap_pages = 50;                         // pages per gap, at most
  std::size_t max_sync_bytes = 16 * 1024 * 1024;  // the sync client's body limit, for the logs
  net::BackoffOptions backoff{std::chrono::seconds(1), std::chrono::seconds(60), 2.0, 0.5, {}};
  net::Millis default_rate_limit_wait{5'000};  // 429 with neither Retry-After nor retry_after_ms
  std::string expected_user_id;  // config user_id: a different whoami answer is logged
};

struct SyncBatch {
  bool initial = false;  // the first sync ever: only its next_batch and invites count
  std::string since;     // the token this sync started from ("" when initial)
  std::string next_batch;
  SyncResponse response;  // timelines gap-filled, oldest first, nothing from before our join
};

struct SyncStats {
  std::uint64_t syncs = 0;       // syncs delivered
  std::uint64_t events = 0;      // timeline events delivered
  std::uint64_t duplicates = 0;  // events seen before and left out
  std::uint64_t reconnects = 0;  // failed attempts followed by a retry
  std::uint64_t rate_limit_waits = 0;
  std::uint64_t gaps_filled = 0;  // limited timelines completed with /messages
  std::uint64_t oversized = 0;    // syncs over the body limit, asked again with fewer events
};

// What the loop does after a /sync that did not succeed.
struct SyncRetry {
  // smaller: the answer was over the body limit; ask for fewer events per room.
  enum class Kind { stop, rate_limited, backoff, new_filter, smaller } kind = Kind::backoff;
  net::Millis wait{0};
};
// Throws MatrixFatalError for a refused token.
SyncRetry after_failed_sync(const net::HttpResult& result, net::Backoff& backoff,
                            net::Millis default_rate_limit_wait);

class SyncSession {
 public:
  using Deliver = std::function<boost::asio::awaitable<void>(SyncBatch&)>;

  // `sync_http` carries only the long poll, so stop() can cut it short.
  SyncSession(boost::asio::any_io_executor executor, net::HttpClient& sync_http, ClientApi& api,
              core::IncidentEngine& engine, SyncOptions options, Deliver deliver,
              net::Clock& clock = net::Clock::steady());

  // Runs until stop(). Throws MatrixFatalError when the token is refused.
  boost::asio::awaitable<void> run();
  void stop();

  bool connected() const { return connected_; }
  const std::string& user_id() const { return user_id_; }  // empty until whoami answered
  const SyncStats& stats() const { return stats_; }

 private:
  // A start or a /sync that did not succeed, and what to do about it.
  struct Failure {
    std::string what;
    SyncRetry retry;
  };
  boost::asio::awaitable<std::optional<Failure>> start();  // whoami, filter, stored next_batch
  boost::asio::awaitable<std::optional<Failure>> sync_once();
  // Fails only for a failure worth retrying the sync for; a room we may no
  // longer read is logged and left without its gap.
  boost::asio::awaitable<std::optional<ApiFailure>> fill_gap(const std::string& room_id,
                                                             JoinedRoom& room);
  boost::asio::awaitable<void> sleep(net::Millis wait);
  net::Millis ask_smaller();  // after an answer over the body limit: the wait before asking again
  void store_cursor(std::string_view name, const std::string& value);

  boost::asio::any_io_executor executor_;
  net::HttpClient& http_;
  ClientApi& api_;
  core::IncidentEngine& engine_;
  SyncOptions options_;
  Deliver deliver_;
  net::Signal wake_;  // stop() ends a wait between syncs
  net::Backoff backoff_;
  RecentIds seen_{kRecentEventIds};

  std::string user_id_;
  std::string filter_id_;
  std::string since_;
  // After an answer over the body limit: the timeline limit of an inline
  // filter used until a sync gets through (0: the stored filter). What the
  // smaller timelines leave out is read from /messages like any gap.
  int lean_limit_ = 0;
  bool started_ = false;
  bool stopping_ = false;
  bool connected_ = false;
  net::HttpResult failed_;  // the last failed /sync, for after_failed_sync
  SyncStats stats_;
};

}  // namespace scribe::matrix
