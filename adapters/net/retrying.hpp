// The reliability rules for one HTTP request: honour rate limits, ride out
// transient failures, give up only on answers that will not change.
//
//   429                   wait Retry-After (or the platform's hint), then again
//   connect refused/reset, timeouts, eof, 408, 5xx
//                         back off with jitter, then again
//   other 4xx, 2xx/3xx    returned as they are
//   TLS refused, URL bad  returned (retrying cannot help)
//   shutdown              returned at once (operation_aborted / Error::shut_down)
//
// Waits run on a net::Clock (a ManualClock in tests) and end early with
// operation_aborted when stop() is called, so SIGTERM is never stuck behind a
// 30 s Retry-After.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "adapters/net/async.hpp"
#include "adapters/net/backoff.hpp"
#include "adapters/net/http_client.hpp"

namespace scribe::net {

// What to do with a result.
enum class ResultKind {
  success,       // 2xx (and 1xx/3xx: returned to the caller as they are)
  rate_limited,  // 429, or the platform hint said so
  transient,     // worth another try after a backoff
  permanent,     // other 4xx, TLS refused, bad URL, body too large
  shut_down,     // we are stopping: return at once
};

// A platform's own rate-limit signal, consulted for every result. Return the
// wait when the result means "slow down" (e.g. Matrix M_LIMIT_EXCEEDED with
// retry_after_ms in the body), else nullopt. For a 429 the Retry-After header
// wins when present (the Matrix spec prefers it since v1.10); the hint fills in
// when it is absent; failing both, RetryPolicy::default_rate_limit_wait.
using RateLimitHint = std::function<std::optional<Millis>(const HttpResult&)>;

struct Classified {
  ResultKind kind;
  std::optional<Millis> wait{};  // rate_limited: how long to wait (already capped)
};

struct RetryPolicy {
  int max_attempts = 0;  // attempts in total, including the first; 0 = unlimited
  BackoffOptions backoff{};
  Millis default_rate_limit_wait{
      30'000};  // 429 with no Retry-After and no hint (Slack SDK's default)
  Millis max_rate_limit_wait{15 * 60'000};  // a larger Retry-After is capped to this
};

// The table above as a function, for callers that run their own loop (e.g.
// OutboundQueue jobs).
Classified classify(const HttpResult& result, const RetryPolicy& policy = {},
                    const RateLimitHint& hint = {});

struct RetryCounters {
  std::uint64_t requests = 0;          // request() calls
  std::uint64_t attempts = 0;          // HTTP exchanges tried
  std::uint64_t retries = 0;           // attempts after the first, for any reason
  std::uint64_t rate_limit_waits = 0;  // waits because of 429 / the hint
  std::uint64_t transient_failures = 0;
  std::uint64_t gave_up = 0;  // ran out of max_attempts on a retryable result
};

class RetryingHttp {
 public:
  // `client` must outlive this object and every request in flight.
  RetryingHttp(boost::asio::any_io_executor executor, HttpClient& client, RetryPolicy policy = {},
               Clock& clock = Clock::steady());
  ~RetryingHttp();
  RetryingHttp(const RetryingHttp&) = delete;
  RetryingHttp& operator=(const RetryingHttp&) = delete;

  // Sends `request` until it succeeds, fails permanently or max_attempts runs
  // out, and returns the last result. Note: a request whose connection broke
  // after it was sent (result.request_sent) may have been acted on; it is still
  // retried, as the rules prefer a rare duplicate over a lost message. Use
  // idempotency keys where the platform offers them (Matrix txn ids).
  boost::asio::awaitable<HttpResult> request(HttpRequest request, RateLimitHint hint = {});

  // Cancels every wait in progress and refuses new requests (they return
  // Error::shut_down). Does not cancel an exchange in flight: that is
  // HttpClient::shutdown().
  void stop();

  RetryCounters counters() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace scribe::net
