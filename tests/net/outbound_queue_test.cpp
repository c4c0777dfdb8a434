// OutboundQueue: rate limits delay but never drop, order holds, failures are
// retried or skipped as they deserve.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <map>
#include <mutex>
#include <numeric>

#include "adapters/net/outbound_queue.hpp"
#include "tests/net/net_test_support.hpp"
#include "tests/support/test_server.hpp"

using namespace std::chrono_literals;
using namespace scribe::net;
using boost::asio::awaitable;
using scribe::test::TestRequest;
using scribe::test::TestResponse;
using scribe::test::TestServer;

namespace {

OutboundQueueOptions quick(std::size_t capacity = 100) {
  return {.name = "test",
          .capacity = capacity,
          .backoff = {.initial = 5ms, .max = 20ms, .multiplier = 2.0, .jitter = 0.5, .seed = 1}};
}

}  // namespace

TEST_CASE("Every job is delivered exactly once, in order, despite 429s and failures", "[net]") {
  boost::asio::io_context io;
  OutboundQueue queue(io.get_executor(), quick());
  std::vector<int> delivered;
  std::map<int, int> attempts;
  for (int i = 0; i < 20; ++i) {
    REQUIRE(queue.push(
        [i, &delivered, &attempts]() -> awaitable<SendOutcome> {
          const int attempt = ++attempts[i];
          if (i % 3 == 0 && attempt == 1) co_return SendOutcome::retry_after(10ms);
          if (i % 5 == 0 && attempt <= 2) co_return SendOutcome::transient_failure("reset");
          delivered.push_back(i);
          co_return SendOutcome::done();
        },
        "message " + std::to_string(i)));
  }
  CHECK(queue.depth() == 20);
  queue.close();
  testing::run(io, queue.run());
  std::vector<int> expected(20);
  std::iota(expected.begin(), expected.end(), 0);
  CHECK(delivered == expected);
  CHECK(queue.depth() == 0);
  const auto stats = queue.stats();
  CHECK(stats.sent == 20);
  CHECK(stats.rate_limit_waits == 7);   // 0,3,6,…,18
  CHECK(stats.transient_retries == 6);  // 0 and 15 once (they waited first), 5 and 10 twice
  CHECK(stats.max_depth == 20);
}

TEST_CASE("Against a rate-limiting server every message arrives once, in order",
          "[net][integration]") {
  TestServer server;
  std::mutex mutex;
  std::vector<std::string> accepted;
  int calls = 0;
  server.on_http([&](const TestRequest& r) {
    std::lock_guard lock(mutex);
    if (++calls % 3 == 0) {  // every third call is rate limited
      TestResponse limited = TestResponse::json(R"({"ok":false,"error":"ratelimited"})", 429);
      limited.headers = {{"Retry-After", "0.05"}};
      return limited;
    }
    accepted.push_back(r.body);
    return TestResponse::json(R"({"ok":true})");
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  ManualClock clock;
  OutboundQueue queue(io.get_executor(), quick(), clock);
  const auto url = *Url::parse(server.base_url() + "/api/chat.postMessage");
  for (int i = 0; i < 12; ++i) {
    queue.push([&client, url, i]() -> awaitable<SendOutcome> {
      // A named request: GCC 12 double-destroys temporaries built inside a
      // co_await expression.
      HttpRequest request{.method = "POST", .url = url, .body = std::to_string(i)};
      auto r = co_await client.request(std::move(request));
      co_return send_outcome(r);
    });
  }
  queue.close();
  const auto waited = testing::run_fast_forward(io, clock, queue.run());
  std::vector<std::string> expected;
  for (int i = 0; i < 12; ++i) expected.push_back(std::to_string(i));
  CHECK(accepted == expected);
  CHECK(queue.stats().rate_limit_waits >= 5);
  // The waits were honoured: Retry-After 0.05 each time, nothing shorter.
  CHECK(waited == static_cast<int>(queue.stats().rate_limit_waits) * 50ms);
}

TEST_CASE("Jobs pushed while the queue idles are picked up", "[net]") {
  boost::asio::io_context io;
  OutboundQueue queue(io.get_executor(), quick());
  std::vector<int> delivered;
  boost::asio::co_spawn(io, queue.run(), boost::asio::detached);
  boost::asio::steady_timer later(io, 30ms);
  later.async_wait([&](boost::system::error_code) {
    for (int i = 0; i < 3; ++i)
      queue.push([i, &delivered]() -> awaitable<SendOutcome> {
        delivered.push_back(i);
        co_return SendOutcome::done();
      });
    queue.close();
  });
  io.run_for(2s);
  CHECK(delivered == std::vector<int>{0, 1, 2});
  CHECK(io.stopped());  // run() returned once closed and empty
}

TEST_CASE("A permanent failure is skipped and the queue moves on", "[net]") {
  boost::asio::io_context io;
  OutboundQueue queue(io.get_executor(), quick());
  std::vector<int> delivered;
  int bad_attempts = 0;
  queue.push([&]() -> awaitable<SendOutcome> {
    ++bad_attempts;
    co_return SendOutcome::permanent_failure("channel_not_found");
  });
  queue.push([&]() -> awaitable<SendOutcome> {
    throw std::runtime_error("bug in a job");
    co_return SendOutcome::done();
  });
  queue.push([&]() -> awaitable<SendOutcome> {
    delivered.push_back(2);
    co_return SendOutcome::done();
  });
  queue.close();
  testing::run(io, queue.run());
  CHECK(bad_attempts == 1);
  CHECK(delivered == std::vector<int>{2});
  CHECK(queue.stats().permanent_failures == 2);
}

TEST_CASE("A bounded number of transient attempts turns into a skip", "[net]") {
  boost::asio::io_context io;
  auto options = quick();
  options.max_transient_attempts = 3;
  OutboundQueue queue(io.get_executor(), options);
  int attempts = 0;
  queue.push([&]() -> awaitable<SendOutcome> {
    ++attempts;
    co_return SendOutcome::transient_failure("timeout");
  });
  queue.close();
  testing::run(io, queue.run());
  CHECK(attempts == 3);
  CHECK(queue.stats().permanent_failures == 1);
}

TEST_CASE("A full queue refuses pushes instead of dropping", "[net]") {
  boost::asio::io_context io;
  OutboundQueue queue(io.get_executor(), quick(3));
  auto job = []() -> awaitable<SendOutcome> { co_return SendOutcome::done(); };
  CHECK(queue.push(job));
  CHECK(queue.push(job));
  CHECK(queue.push(job));
  CHECK_FALSE(queue.push(job));
  CHECK_FALSE(queue.push(job));
  CHECK(queue.stats().rejected_full == 2);
  CHECK(queue.depth() == 3);
  queue.close();
  CHECK_FALSE(queue.push(job));  // closed
  testing::run(io, queue.run());
  CHECK(queue.stats().sent == 3);
}

TEST_CASE("abort() ends a long rate-limit wait and keeps the job unsent", "[net]") {
  boost::asio::io_context io;
  ManualClock clock;  // never advanced: only abort() can end the 30 s wait
  OutboundQueue queue(io.get_executor(), quick(), clock);
  int attempts = 0;
  queue.push([&]() -> awaitable<SendOutcome> {
    ++attempts;
    co_return SendOutcome::retry_after(30s);
  });
  queue.push([]() -> awaitable<SendOutcome> { co_return SendOutcome::done(); });
  bool finished = false;
  boost::asio::co_spawn(io, queue.run(), [&](std::exception_ptr) { finished = true; });
  REQUIRE(testing::run_until(io, [&] { return clock.next_deadline().has_value(); }));
  CHECK(*clock.next_deadline() - clock.now() == 30s);
  queue.abort();
  REQUIRE(testing::run_until(io, [&] { return finished; }));
  CHECK(attempts == 1);
  CHECK(queue.depth() == 2);  // both still there, in order
  CHECK(queue.stats().sent == 0);
}

TEST_CASE("A Retry-After holds back only its own destination, each destination in order",
          "[net]") {
  boost::asio::io_context io;
  ManualClock clock;
  OutboundQueue queue(io.get_executor(), quick(), clock);
  std::vector<std::string> delivered;
  std::map<std::string, int> attempts;
  auto job = [&](std::string name) {
    return [&, name]() -> awaitable<SendOutcome> {
      if (++attempts[name] == 1 && name == "A1") co_return SendOutcome::retry_after(20s);
      delivered.push_back(name);
      co_return SendOutcome::done();
    };
  };
  queue.push(job("A1"), "A1", "C_A");
  queue.push(job("B1"), "B1", "C_B");
  queue.push(job("A2"), "A2", "C_A");
  queue.push(job("B2"), "B2", "C_B");
  bool finished = false;
  boost::asio::co_spawn(io, queue.run(), [&](std::exception_ptr) { finished = true; });
  // Channel B goes on while channel A waits; A2 stays behind A1.
  REQUIRE(testing::run_until(io, [&] { return delivered.size() == 2; }));
  CHECK(delivered == std::vector<std::string>{"B1", "B2"});
  REQUIRE(queue.held_until("C_A"));
  CHECK(*queue.held_until("C_A") - clock.now() == 20s);
  CHECK_FALSE(queue.held_until("C_B"));
  clock.advance(19s);
  queue.push(job("B3"), "B3", "C_B");  // a later event, seen before A is looked at again
  REQUIRE(testing::run_until(io, [&] { return delivered.size() == 3; }));
  CHECK(delivered.back() == "B3");
  clock.advance(1s);
  queue.close();
  REQUIRE(testing::run_until(io, [&] { return finished; }));
  CHECK(delivered == std::vector<std::string>{"B1", "B2", "B3", "A1", "A2"});
  CHECK(attempts["A1"] == 2);
  CHECK(queue.stats().rate_limit_waits == 1);
}

TEST_CASE("drain() sends what it can within drain_timeout, then gives up on the rest",
          "[net]") {
  boost::asio::io_context io;
  ManualClock clock;
  auto options = quick();
  options.drain_timeout = 3s;
  OutboundQueue queue(io.get_executor(), options, clock);
  std::vector<int> delivered;
  queue.push([&]() -> awaitable<SendOutcome> {
    delivered.push_back(1);
    co_return SendOutcome::done();
  });
  int held_attempts = 0;
  queue.push([&]() -> awaitable<SendOutcome> {
    ++held_attempts;
    co_return SendOutcome::retry_after(60s);  // longer than the drain may take
  });
  boost::asio::co_spawn(io, queue.run(), boost::asio::detached);
  bool cut = false;
  std::optional<std::size_t> unsent;
  boost::asio::co_spawn(
      io,
      [&]() -> awaitable<void> { unsent = co_await queue.drain([&] { cut = true; }); },
      boost::asio::detached);
  REQUIRE(testing::run_until(io, [&] { return clock.waiters() == 2; }));  // run() and drain()
  CHECK(delivered == std::vector<int>{1});
  clock.advance(2999ms);
  REQUIRE(testing::run_until(io, [&] { return clock.waiters() == 2; }));
  CHECK_FALSE(unsent);  // still within the budget
  clock.advance(1ms);
  REQUIRE(testing::run_until(io, [&] { return unsent.has_value(); }));
  CHECK(*unsent == 1);
  CHECK(cut);  // the request in flight, if any, is cut short
  CHECK(held_attempts == 1);
  CHECK(queue.stats().given_up_at_drain == 1);
  CHECK_FALSE(queue.push([]() -> awaitable<SendOutcome> { co_return SendOutcome::done(); }));
}

TEST_CASE("drain() returns at once when every job went out", "[net]") {
  boost::asio::io_context io;
  ManualClock clock;
  OutboundQueue queue(io.get_executor(), quick(), clock);
  int sent = 0;
  for (int i = 0; i < 3; ++i)
    queue.push([&]() -> awaitable<SendOutcome> {
      ++sent;
      co_return SendOutcome::done();
    });
  boost::asio::co_spawn(io, queue.run(), boost::asio::detached);
  bool cut = false;
  const auto moved = testing::run_fast_forward(io, clock, [&]() -> awaitable<void> {
    CHECK(co_await queue.drain([&] { cut = true; }) == 0);
  }());
  CHECK(sent == 3);
  CHECK_FALSE(cut);
  CHECK(moved == 0s);  // nothing waited for the budget
}
