// Running one coroutine to completion on a test's io_context, and client TLS
// contexts that trust the test CA.
#pragma once

#include <catch2/catch.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <optional>

#include "adapters/net/async.hpp"
#include "adapters/net/http_client.hpp"
#include "adapters/net/tls.hpp"
#include "tests/support/test_tls.hpp"

namespace scribe::net::testing {

// Runs `task` (and whatever else is queued) until it finishes; fails the test
// if it has not finished within `limit`.
template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> task,
      std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  std::optional<T> result;
  std::exception_ptr error;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    if (!e) result = std::move(value);
  });
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!result && !error && std::chrono::steady_clock::now() < deadline)
    io.run_one_until(deadline);
  if (error) std::rethrow_exception(error);
  REQUIRE(result.has_value());
  return std::move(*result);
}

// Spawns `task` and calls `step(deadline)` until it has finished; fails the
// test if it has not finished within `limit` of real time.
template <class Step>
void drive(boost::asio::io_context& io, boost::asio::awaitable<void> task,
           std::chrono::milliseconds limit, Step step) {
  bool done = false;
  std::exception_ptr error;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done && std::chrono::steady_clock::now() < deadline) step(deadline);
  if (error) std::rethrow_exception(error);
  REQUIRE(done);
}

inline void run(boost::asio::io_context& io, boost::asio::awaitable<void> task,
                std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  drive(io, std::move(task), limit, [&](auto deadline) { io.run_one_until(deadline); });
}

// Runs `task` on `io` with `clock` fast-forwarded: whenever the io_context has
// had nothing to do for a moment and a coroutine waits on the clock with a
// deadline, time jumps to that deadline. So a 30 s Retry-After takes no real
// time, and the test can still tell how long the code waited: the clock's
// movement, returned.
inline SteadyClock::duration run_fast_forward(
    boost::asio::io_context& io, ManualClock& clock, boost::asio::awaitable<void> task,
    std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const TimePoint started = clock.now();
  drive(io, std::move(task), limit, [&](auto) {
    if (io.run_one_for(std::chrono::milliseconds(2)) > 0) return;
    if (const auto next = clock.next_deadline()) clock.advance(*next - clock.now());
  });
  return clock.now() - started;
}

// Runs `io` until `condition` holds (checked between handlers), for up to
// `limit` of real time.
template <class Condition>
bool run_until(boost::asio::io_context& io, Condition condition,
               std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  io.restart();
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.run_one_for(std::chrono::milliseconds(2));
  }
  return true;
}

// An HTTP answer as the client would have read it, for decoder tests.
inline HttpResult answer(int status, std::string body, HttpHeaders headers = {}) {
  HttpResult r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

// A client context that trusts only the throwaway test CA.
inline boost::asio::ssl::context test_ca_context() {
  return make_tls_context(
      {.ca_file = test::test_pki().ca_cert_file.string(), .use_system_store = false});
}

}  // namespace scribe::net::testing
