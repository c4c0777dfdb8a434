// RetryingHttp and the result classification it shares with OutboundQueue jobs;
// also HttpResult::retry_after (the Retry-After field).
#include "adapters/net/retrying.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/error.hpp>
#include <boost/beast/http/error.hpp>

#include <charconv>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>

#include "adapters/net/errors.hpp"

namespace scribe::net {
namespace asio = boost::asio;

std::optional<Millis> HttpResult::retry_after() const {
  auto field = header("Retry-After");
  if (!field) return std::nullopt;
  std::string_view text = *field;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double seconds = 0;
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (err == std::errc() && end == text.data() + text.size()) {
    if (seconds < 0) return std::nullopt;
    return Millis(static_cast<long long>(seconds * 1000.0 + 0.5));
  }
  // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (RFC 9110 IMF-fixdate).
  std::tm tm{};
  std::istringstream in{std::string(text)};
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%a, %d %b %Y %H:%M:%S");
  if (in.fail()) return std::nullopt;
  const auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
  const auto wait = std::chrono::duration_cast<Millis>(when - std::chrono::system_clock::now());
  return std::max(wait, Millis{0});
}

Classified classify(const HttpResult& result, const RetryPolicy& policy,
                    const RateLimitHint& hint) {
  const auto capped = [&](Millis wait) {
    return std::clamp(wait, Millis{0}, policy.max_rate_limit_wait);
  };
  if (result.ec) {
    const auto& ec = result.ec;
    if (ec == asio::error::operation_aborted || ec == Error::shut_down)
      return {ResultKind::shut_down, {}};
    if (is_tls_verification_failure(ec) || ec.category() == error_category() ||
        ec == boost::beast::http::error::body_limit || ec == asio::error::invalid_argument)
      return {ResultKind::permanent, {}};
    return {ResultKind::transient, {}};  // refused, reset, timeouts, eof, name lookup, …
  }
  std::optional<Millis> hinted = hint ? hint(result) : std::nullopt;
  if (result.status == 429) {
    auto wait = result.retry_after();
    if (!wait) wait = hinted;
    return {ResultKind::rate_limited, capped(wait.value_or(policy.default_rate_limit_wait))};
  }
  if (hinted) return {ResultKind::rate_limited, capped(*hinted)};
  if (result.status == 408 || result.status >= 500) return {ResultKind::transient, {}};
  if (result.status >= 400) return {ResultKind::permanent, {}};
  return {ResultKind::success, {}};
}

struct RetryingHttp::Impl {
  Impl(asio::any_io_executor ex, HttpClient& c, RetryPolicy p, Clock& clock)
      : client(c), policy(std::move(p)), wake(std::move(ex), clock) {}

  HttpClient& client;
  RetryPolicy policy;
  RetryCounters counters;
  bool stopped = false;
  Signal wake;  // stop() ends every wait

  // Waits `duration`; false when stop() cut it short.
  asio::awaitable<bool> sleep(Millis duration) {
    const bool woken = co_await wake.wait_for(duration);
    co_return !woken && !stopped;
  }

  static asio::awaitable<HttpResult> run(std::shared_ptr<Impl> self, HttpRequest request,
                                         RateLimitHint hint) {
    ++self->counters.requests;
    const auto& policy = self->policy;
    const auto path =
        request.url.origin() + request.url.target.substr(0, request.url.target.find('?'));
    Backoff backoff(policy.backoff);
    for (int attempt = 1;; ++attempt) {
      if (self->stopped) {
        HttpResult stopped;
        stopped.ec = Error::shut_down;
        co_return stopped;
      }
      ++self->counters.attempts;
      if (attempt > 1) ++self->counters.retries;
      HttpResult result = co_await self->client.request(request);
      const Classified verdict = classify(result, policy, hint);
      Millis wait{0};
      switch (verdict.kind) {
        case ResultKind::success:
        case ResultKind::permanent:
        case ResultKind::shut_down:
          co_return result;
        case ResultKind::rate_limited:
          ++self->counters.rate_limit_waits;
          wait = verdict.wait.value_or(policy.default_rate_limit_wait);
          spdlog::info("net: {} {} rate limited, waiting {} ms", request.method, path,
                       wait.count());
          break;
        case ResultKind::transient:
          ++self->counters.transient_failures;
          wait = backoff.next();
          spdlog::warn("net: {} {} failed ({}), attempt {}, retrying in {} ms", request.method,
                       path,
                       result.ec ? describe(result.ec) : "HTTP " + std::to_string(result.status),
                       attempt, wait.count());
          break;
      }
      if (policy.max_attempts > 0 && attempt >= policy.max_attempts) {
        ++self->counters.gave_up;
        spdlog::warn("net: {} {} giving up after {} attempts", request.method, path, attempt);
        co_return result;
      }
      if (!co_await self->sleep(wait)) {
        HttpResult aborted;
        aborted.ec = asio::error::operation_aborted;
        co_return aborted;
      }
    }
  }
};

RetryingHttp::RetryingHttp(asio::any_io_executor executor, HttpClient& client, RetryPolicy policy,
                           Clock& clock)
    : impl_(std::make_shared<Impl>(std::move(executor), client, std::move(policy), clock)) {}

RetryingHttp::~RetryingHttp() {
  stop();
}

asio::awaitable<HttpResult> RetryingHttp::request(HttpRequest request, RateLimitHint hint) {
  return Impl::run(impl_, std::move(request), std::move(hint));
}

void RetryingHttp::stop() {
  impl_->stopped = true;
  impl_->wake.notify();
}

RetryCounters RetryingHttp::counters() const {
  return impl_->counters;
}

}  // namespace scribe::net
