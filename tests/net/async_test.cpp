// The async primitives every adapter waits with: a clock the test drives, a
// signal, the cancellable sleep, a FIFO lock and a task group.
#include "adapters/net/async.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/net/net_test_support.hpp"

using namespace std::chrono_literals;
using namespace scribe::net;
using boost::asio::awaitable;

TEST_CASE("a wait on a ManualClock ends when the test moves time past its deadline", "[net]") {
  boost::asio::io_context io;
  ManualClock clock;
  Signal signal(io.get_executor(), clock);
  std::optional<bool> woken;
  boost::asio::co_spawn(
      io, [&]() -> awaitable<void> { woken = co_await signal.wait_for(90s); },
      boost::asio::detached);
  REQUIRE(testing::run_until(io, [&] { return clock.waiters() == 1; }));
  CHECK(*clock.next_deadline() - clock.now() == 90s);
  clock.advance(89s);
  REQUIRE(testing::run_until(io, [&] { return clock.waiters() == 1; }));
  io.poll();
  CHECK_FALSE(woken);  // 1 s short of the deadline
  clock.advance(1s);
  REQUIRE(testing::run_until(io, [&] { return woken.has_value(); }));
  CHECK_FALSE(*woken);  // the deadline, not a notify()
  CHECK(clock.waiters() == 0);
}

TEST_CASE("notify() wakes a wait early, and sleep_unless() ends only once stopping", "[net]") {
  boost::asio::io_context io;
  ManualClock clock;
  Signal signal(io.get_executor(), clock);
  std::optional<bool> woken;
  boost::asio::co_spawn(
      io, [&]() -> awaitable<void> { woken = co_await signal.wait_for(1h); },
      boost::asio::detached);
  REQUIRE(testing::run_until(io, [&] { return clock.waiters() == 1; }));
  signal.notify();
  REQUIRE(testing::run_until(io, [&] { return woken.has_value(); }));
  CHECK(*woken);

  bool stopping = false;
  bool slept = false;
  boost::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        co_await sleep_unless(signal, stopping, 30s);
        slept = true;
      },
      boost::asio::detached);
  REQUIRE(testing::run_until(io, [&] { return clock.waiters() == 1; }));
  signal.notify();  // a wake-up without stopping: it sleeps on
  REQUIRE(testing::run_until(io, [&] { return clock.waiters() == 1; }));
  io.poll();
  CHECK_FALSE(slept);
  stopping = true;
  signal.notify();
  REQUIRE(testing::run_until(io, [&] { return slept; }));
  CHECK(clock.now() - TimePoint{} == 24h);  // no time passed
}

TEST_CASE("FifoLock lets one coroutine in at a time, in the order they asked", "[net]") {
  boost::asio::io_context io;
  ManualClock clock;
  Signal gate(io.get_executor(), clock);
  FifoLock lock(io.get_executor());
  std::vector<std::string> log;
  auto writer = [&](std::string name) -> awaitable<void> {
    auto held = co_await lock.scoped();
    log.push_back(name + " in");
    co_await gate.wait();  // holds the lock until the test opens the gate
    log.push_back(name + " out");
  };
  for (const char* name : {"a", "b", "c"})
    boost::asio::co_spawn(io, writer(name), boost::asio::detached);
  REQUIRE(testing::run_until(io, [&] { return log.size() == 1; }));
  io.poll();
  CHECK(log == std::vector<std::string>{"a in"});  // b and c wait their turn
  for (std::size_t n = 3; n <= 6; n += 2) {
    gate.notify();
    REQUIRE(testing::run_until(io, [&] { return log.size() == n; }));
  }
  gate.notify();
  REQUIRE(testing::run_until(io, [&] { return log.size() == 6; }));
  CHECK(log == std::vector<std::string>{"a in", "a out", "b in", "b out", "c in", "c out"});
}

TEST_CASE("a TaskGroup joins every task, and a task's exception is logged, not thrown", "[net]") {
  boost::asio::io_context io;
  ManualClock clock;
  TaskGroup tasks(io.get_executor(), "test");
  int finished = 0;
  tasks.spawn(
      [&]() -> awaitable<void> {
        Signal s(io.get_executor(), clock);
        co_await s.wait_for(5s);
        ++finished;
      }(),
      "sleeper");
  tasks.spawn(
      []() -> awaitable<void> {
        throw std::runtime_error("boom");
        co_return;  // a coroutine: the exception leaves through the task, not the call
      }(),
      "thrower");
  bool joined = false;
  boost::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        co_await tasks.join();
        joined = true;
      },
      boost::asio::detached);
  REQUIRE(testing::run_until(io, [&] { return tasks.running() == 1 && clock.waiters() == 1; }));
  io.poll();
  CHECK_FALSE(joined);  // the sleeper is still running
  clock.advance(5s);
  REQUIRE(testing::run_until(io, [&] { return joined; }));
  CHECK(finished == 1);
  CHECK(tasks.running() == 0);
}
