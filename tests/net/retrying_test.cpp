// RetryingHttp: rate limits are waited out, transient failures retried with
// backoff, permanent answers returned at once.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <atomic>
#include <optional>

#include "adapters/net/errors.hpp"
#include "adapters/net/retrying.hpp"
#include "tests/net/net_test_support.hpp"
#include "tests/support/test_server.hpp"

using namespace std::chrono_literals;
using namespace scribe::net;
using scribe::test::TestRequest;
using scribe::test::TestResponse;
using scribe::test::TestServer;

namespace {

RetryPolicy quick_policy(int max_attempts = 0) {
  return {.max_attempts = max_attempts,
          .backoff = {.initial = 20ms, .max = 100ms, .multiplier = 2.0, .jitter = 0.5, .seed = 1}};
}

HttpRequest post(const TestServer& server) {
  return {.method = "POST",
          .url = *Url::parse(server.base_url() + "/api/chat.postMessage"),
          .body = "{}",
          .content_type = "application/json"};
}

}  // namespace

TEST_CASE("429 with Retry-After is waited for, then the request succeeds", "[net][integration]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.on_http([&](const TestRequest&) {
    if (++calls == 1) {
      TestResponse limited = TestResponse::json(R"({"ok":false,"error":"ratelimited"})", 429);
      limited.headers = {{"Retry-After", "1"}};
      return limited;
    }
    return TestResponse::json(R"({"ok":true})");
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  ManualClock clock;
  RetryingHttp retrying(io.get_executor(), client, quick_policy(), clock);
  HttpResult result;
  const auto waited = testing::run_fast_forward(io, clock, [&]() -> boost::asio::awaitable<void> {
    result = co_await retrying.request(post(server));
  }());
  REQUIRE(result.ok());
  CHECK(result.body == R"({"ok":true})");
  CHECK(calls == 2);
  CHECK(waited == 1s);  // the Retry-After, not the 20 ms backoff
  auto counters = retrying.counters();
  CHECK(counters.rate_limit_waits == 1);
  CHECK(counters.retries == 1);
  CHECK(counters.attempts == 2);
}

TEST_CASE("A platform hint sets the wait when the 429 has no Retry-After", "[net][integration]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.on_http([&](const TestRequest&) {
    if (++calls == 1)
      return TestResponse::json(R"({"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":150})", 429);
    return TestResponse::json("{}");
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  RetryPolicy policy = quick_policy();
  policy.default_rate_limit_wait = 20s;  // would blow the test's time limit if used
  RetryingHttp retrying(io.get_executor(), client, policy);
  RateLimitHint hint = [](const HttpResult& r) -> std::optional<Millis> {
    if (r.body.find("M_LIMIT_EXCEEDED") != std::string::npos) return 150ms;
    return std::nullopt;
  };
  auto result = testing::run(io, retrying.request(post(server), hint));
  CHECK(result.ok());
  CHECK(calls == 2);
}

TEST_CASE("5xx and dropped connections are retried with backoff", "[net][integration]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.on_http([&](const TestRequest&) {
    const int n = ++calls;
    if (n == 1) {
      // Closing here makes the next request use a fresh connection, which
      // HttpClient itself never resends: the drop reaches RetryingHttp.
      TestResponse unavailable = TestResponse::json("{}", 503);
      unavailable.close_connection = true;
      return unavailable;
    }
    if (n == 2) {
      TestResponse drop;
      drop.drop_connection = true;
      return drop;
    }
    if (n == 3) return TestResponse::json("{}", 500);
    return TestResponse::json(R"({"ok":true})");
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  RetryingHttp retrying(io.get_executor(), client, quick_policy());
  auto result = testing::run(io, retrying.request(post(server)));
  REQUIRE(result.ok());
  CHECK(calls == 4);
  CHECK(retrying.counters().transient_failures == 3);
  CHECK(retrying.counters().rate_limit_waits == 0);
}

TEST_CASE("Other 4xx answers are returned without retrying", "[net][integration]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.on_http([&](const TestRequest&) {
    ++calls;
    return TestResponse::json(R"({"errcode":"M_FORBIDDEN"})", 403);
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  RetryingHttp retrying(io.get_executor(), client, quick_policy());
  auto result = testing::run(io, retrying.request(post(server)));
  CHECK(result.status == 403);
  CHECK(calls == 1);
}

TEST_CASE("Bounded attempts give up and return the last result", "[net][integration]") {
  std::uint16_t closed_port;
  {
    TestServer gone;
    closed_port = gone.port();
  }
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  RetryingHttp retrying(io.get_executor(), client, quick_policy(3));
  auto result = testing::run(
      io, retrying.request(
              {.url = *Url::parse("http://127.0.0.1:" + std::to_string(closed_port) + "/")}));
  CHECK(result.ec == boost::asio::error::connection_refused);
  CHECK(retrying.counters().attempts == 3);
  CHECK(retrying.counters().gave_up == 1);
}

TEST_CASE("stop() cuts a rate-limit wait short", "[net][integration]") {
  TestServer server;
  server.on_http([](const TestRequest&) {
    TestResponse limited = TestResponse::json("{}", 429);
    limited.headers = {{"Retry-After", "30"}};
    return limited;
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  ManualClock clock;  // never advanced: only stop() can end the 30 s wait
  RetryingHttp retrying(io.get_executor(), client, quick_policy(), clock);
  std::optional<HttpResult> result;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { result = co_await retrying.request(post(server)); },
      boost::asio::detached);
  REQUIRE(testing::run_until(io, [&] { return clock.next_deadline().has_value(); }));
  CHECK(*clock.next_deadline() - clock.now() == 30s);
  retrying.stop();
  REQUIRE(testing::run_until(io, [&] { return result.has_value(); }));
  CHECK(result->ec == boost::asio::error::operation_aborted);
  CHECK(testing::run(io, retrying.request(post(server))).ec == Error::shut_down);
}

TEST_CASE("classify() follows the reliability rules", "[net]") {
  HttpResult r;
  r.status = 200;
  CHECK(classify(r).kind == ResultKind::success);
  r.status = 404;
  CHECK(classify(r).kind == ResultKind::permanent);
  r.status = 408;
  CHECK(classify(r).kind == ResultKind::transient);
  r.status = 502;
  CHECK(classify(r).kind == ResultKind::transient);
  r.status = 429;
  r.headers = {{"Retry-After", "99999"}};
  auto capped = classify(r, {.max_rate_limit_wait = 60s});
  CHECK(capped.kind == ResultKind::rate_limited);
  CHECK(capped.wait == 60s);
  r.headers.clear();
  CHECK(classify(r, {.default_rate_limit_wait = 7s}).wait == 7s);
  HttpResult failed;
  failed.ec = boost::asio::error::connection_reset;
  CHECK(classify(failed).kind == ResultKind::transient);
  failed.ec = boost::asio::error::operation_aborted;
  CHECK(classify(failed).kind == ResultKind::shut_down);
  failed.ec = Error::invalid_url;
  CHECK(classify(failed).kind == ResultKind::permanent);
}
