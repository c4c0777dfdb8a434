// A MatrixBot on an io_context driven from the test's own thread, against a
// FakeHomeserver, over a real SQLite store (a file, so a "restart" is a new
// bot and engine over the same database).
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <catch2/catch.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/matrix/matrix_bot.hpp"
#include "adapters/net/tls.hpp"
#include "bot/core/engine.hpp"
#include "storage/sqlite_store.hpp"
#include "tests/support/engine_fixture.hpp"
#include "tests/support/fake_homeserver.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/test_tls.hpp"

namespace scribe::test {

inline matrix::MatrixSettings quick_settings(const FakeHomeserver& hs) {
  matrix::MatrixSettings s;
  s.homeserver = hs.base_url();
  s.user_id = hs.options().bot_user;
  s.access_token = hs.options().access_token;
  const net::BackoffOptions quick{std::chrono::milliseconds(20), std::chrono::milliseconds(200),
                                  2.0, 0.0, 1};
  s.sync.timeout_ms = 1000;
  s.sync.http_grace = std::chrono::milliseconds(2000);
  s.sync.backoff = quick;
  s.sync.default_rate_limit_wait = std::chrono::milliseconds(100);
  s.api_retry.backoff = quick;
  s.api_retry.default_rate_limit_wait = std::chrono::milliseconds(100);
  s.outbound.backoff = quick;
  s.outbound.drain_timeout = std::chrono::milliseconds(3000);
  s.http.connect_timeout = std::chrono::milliseconds(2000);
  s.http.request_timeout = std::chrono::milliseconds(5000);
  return s;
}

inline std::int64_t epoch_ms(const std::string& iso) {
  return core::to_epoch_ms(*core::parse_iso8601(iso));
}

// A stuck coroutine fails the test instead of hanging it.
inline constexpr std::chrono::milliseconds kAwaitDeadline{30'000};

inline void run_until_done(boost::asio::io_context& io, const bool& done,
                           std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!done) {
    if (std::chrono::steady_clock::now() > until) {
      io.stop();
      FAIL("await_on: the awaited work did not finish within " << deadline.count() << " ms");
    }
    if (io.stopped()) io.restart();
    io.run_one_for(std::chrono::milliseconds(50));
  }
}

// Runs one awaitable on `io` from the test's thread and returns its result.
template <class T>
T await_on(boost::asio::io_context& io, boost::asio::awaitable<T> work,
           std::chrono::milliseconds deadline = kAwaitDeadline) {
  // Shared with the completion: a coroutine still running when the deadline
  // fails the test must not write into this frame afterwards.
  struct Outcome {
    std::optional<T> value;
    std::exception_ptr error;
    bool done = false;
  };
  auto outcome = std::make_shared<Outcome>();
  boost::asio::co_spawn(io, std::move(work), [outcome](std::exception_ptr e, T value) {
    outcome->error = e;
    if (!e) outcome->value = std::move(value);
    outcome->done = true;
  });
  run_until_done(io, outcome->done, deadline);
  if (outcome->error) std::rethrow_exception(outcome->error);
  return std::move(*outcome->value);
}

inline void await_on(boost::asio::io_context& io, boost::asio::awaitable<void> work,
                     std::chrono::milliseconds deadline = kAwaitDeadline) {
  struct Outcome {
    std::exception_ptr error;
    bool done = false;
  };
  auto outcome = std::make_shared<Outcome>();
  boost::asio::co_spawn(io, std::move(work), [outcome](std::exception_ptr e) {
    outcome->error = e;
    outcome->done = true;
  });
  run_until_done(io, outcome->done, deadline);
  if (outcome->error) std::rethrow_exception(outcome->error);
}

class BotHarness {
 public:
  // `db`: the SQLite file (kept across harnesses for restart tests).
  BotHarness(FakeHomeserver& hs, const std::string& db,
             std::function<void(matrix::MatrixSettings&)> adjust = {},
             std::function<void(core::EngineOptions&)> adjust_engine = {})
      : hs_(hs), store_(std::make_unique<storage::SqliteStore>(db)) {
    core::EngineOptions o = EngineFixture::default_options();
    if (adjust_engine) adjust_engine(o);
    engine_ = std::make_unique<core::IncidentEngine>(*store_, o);
    settings_ = quick_settings(hs);
    if (adjust) adjust(settings_);
    net::TlsOptions tls_options;
    if (hs.options().tls) {
      tls_options.ca_file = test_pki().ca_cert_file.string();
      tls_options.use_system_store = false;
    }
    tls_ = std::make_unique<boost::asio::ssl::context>(net::make_tls_context(tls_options));
    bot_ = std::make_unique<matrix::MatrixBot>(
        io_.get_executor(), *tls_, *engine_, settings_,
        [this](const core::DraftReady& d) { drafts.push_back(d); });
  }
  ~BotHarness() {
    if (started_ && !finished_) stop();
  }

  void start() {
    started_ = true;
    boost::asio::co_spawn(io_, bot_->run(), [this](std::exception_ptr e) {
      failure_ = e;
      finished_ = true;
    });
  }

  // Runs the io_context until `condition` holds; false after `timeout`.
  bool run_until(const std::function<bool()>& condition,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      if (io_.stopped()) io_.restart();
      io_.run_for(std::chrono::milliseconds(5));
    }
    return true;
  }
  void run_for(std::chrono::milliseconds d) {
    run_until([] { return false; }, d);
  }

  // stop(), then run until run() returned; rethrows what it threw.
  void stop() {
    bot_->stop();
    run_until([this] { return finished_; }, std::chrono::seconds(10));
    if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  }
  bool finished() const { return finished_; }
  std::exception_ptr failure() const { return failure_; }

  matrix::MatrixBot& bot() { return *bot_; }
  core::IncidentEngine& engine() { return *engine_; }
  core::Store& store() { return *store_; }
  boost::asio::io_context& io() { return io_; }

  std::vector<core::DraftReady> drafts;

 private:
  FakeHomeserver& hs_;
  boost::asio::io_context io_;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::IncidentEngine> engine_;
  matrix::MatrixSettings settings_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::unique_ptr<matrix::MatrixBot> bot_;
  bool started_ = false;
  bool finished_ = false;
  std::exception_ptr failure_;
};

}  // namespace scribe::test
