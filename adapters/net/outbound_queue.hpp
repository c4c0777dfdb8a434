// The one outbound skeleton every adapter sends through: a bounded queue of
// jobs, each destination in order, with rate limits that hold back only the
// destination they were given for, transient failures backed off and retried,
// nothing dropped for being slow, and one drain at shutdown. Only a permanent
// failure (the platform said no) skips a job, with a log line.
//
// Usage: push() jobs from anywhere on the io_context thread, co_spawn run()
// once, co_await drain() when stopping. Each job is a coroutine that makes one
// attempt and says how it went:
//
//   queue.push([&]() -> awaitable<SendOutcome> {
//     auto r = co_await http.request(post_message(channel, text));
//     co_return send_outcome(r);            // or map the platform's own errors
//   }, "chat.postMessage C123", "C123");
//
// A destination is what the platform rate-limits separately: a Slack channel
// (chat.postMessage is limited per channel), the whole account on Matrix (""),
// a tracker project. Jobs of one destination run in the order pushed; while one
// destination waits out a Retry-After, the others go on. A transient failure
// (network down, 5xx) holds the whole queue: it is rarely one destination's.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "adapters/net/async.hpp"
#include "adapters/net/backoff.hpp"
#include "adapters/net/http_client.hpp"
#include "adapters/net/retrying.hpp"

namespace scribe::net {

struct SendOutcome {
  enum class Kind { done, retry_after, transient_failure, permanent_failure };
  Kind kind = Kind::done;
  Millis wait{0};        // retry_after: how long the platform asked us to wait
  std::string reason{};  // failures: for the log (never message text or tokens)

  static SendOutcome done() { return {}; }
  static SendOutcome retry_after(Millis wait) { return {Kind::retry_after, wait, {}}; }
  static SendOutcome transient_failure(std::string reason) {
    return {Kind::transient_failure, Millis{0}, std::move(reason)};
  }
  static SendOutcome permanent_failure(std::string reason) {
    return {Kind::permanent_failure, Millis{0}, std::move(reason)};
  }
};

// An HttpResult seen through classify(): 2xx done, 429 retry_after, transient
// kinds transient_failure, the rest permanent_failure. Shutdown counts as a
// transient failure (the job stays queued; run() is ending anyway).
SendOutcome send_outcome(const HttpResult& result, const RetryPolicy& policy = {},
                         const RateLimitHint& hint = {});

// One attempt at sending; called again for a retry, so it must build its
// request afresh each time (and reuse its idempotency key, where there is one).
using SendJob = std::function<boost::asio::awaitable<SendOutcome>()>;

struct OutboundQueueOptions {
  std::string name = "outbound";   // in log lines, e.g. "slack" or "matrix"
  std::size_t capacity = 100'000;  // push() refuses beyond this many jobs waiting
  BackoffOptions backoff{};        // between transient failures of one job
  // Attempts per job before a transient failure counts as permanent; 0 = never
  // (the default: a network outage must delay messages, not lose them).
  int max_transient_attempts = 0;
  Millis max_rate_limit_wait{15 * 60'000};  // a larger retry_after is capped to this
  // drain(): how long queued jobs may take to go out at shutdown. SIGTERM must
  // end the process within 5 s; the rest is for closing connections.
  Millis drain_timeout{3'000};
};

struct OutboundQueueStats {
  std::uint64_t sent = 0;
  std::uint64_t rate_limit_waits = 0;
  std::uint64_t transient_retries = 0;
  std::uint64_t permanent_failures = 0;  // skipped jobs
  std::uint64_t rejected_full = 0;       // push() refused: queue full
  std::uint64_t rejected_closed = 0;     // push() refused: closed (stopping)
  std::size_t max_depth = 0;             // high-water mark
  std::size_t depth = 0;                 // jobs waiting plus the one in hand, now
  std::uint64_t given_up_at_drain = 0;   // still queued when drain() ran out of time
};

class OutboundQueue {
 public:
  OutboundQueue(boost::asio::any_io_executor executor, OutboundQueueOptions options = {},
                Clock& clock = Clock::steady());
  ~OutboundQueue();  // abort()s
  OutboundQueue(const OutboundQueue&) = delete;
  OutboundQueue& operator=(const OutboundQueue&) = delete;

  // Appends a job. Returns false, with one warning log line, when the queue is
  // full or closed: the caller should then leave its inbound event unacked so
  // the platform redelivers it later. `label` names the job in logs.
  bool push(SendJob job, std::string label = {}, std::string destination = {});

  // The send loop: runs jobs one at a time, each destination in order, until
  // close() and empty, or abort(). co_spawn it once.
  boost::asio::awaitable<void> run();

  // Shutdown as every adapter does it: close(), give the jobs in hand up to
  // options.drain_timeout, then abort() what is left (one log line), call
  // `cut_in_flight` so a request still on the wire ends (e.g.
  // HttpClient::shutdown), and wait for run() to return. Returns the jobs left
  // unsent. Without run() having started, returns at once.
  boost::asio::awaitable<std::size_t> drain(std::function<void()> cut_in_flight = {});

  // Shutdown, gently: push() refuses from now on; run() finishes the jobs in
  // hand (still honouring rate limits) and then returns.
  void close();
  // Shutdown, now: cancels a wait in progress and makes run() return after the
  // job that is running (if any) returns. Jobs not yet run stay unsent (logged).
  void abort();

  // Jobs waiting plus the one in hand.
  std::size_t depth() const;
  // A destination's Retry-After still running: when it ends.
  std::optional<TimePoint> held_until(const std::string& destination) const;
  bool closed() const;
  OutboundQueueStats stats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with run(), so it outlives the loop
};

}  // namespace scribe::net
