// A SlackBot running in-process on its own io_context thread against a
// FakeSlack, with a real SQLite store (in memory, or a file for restarts).
#pragma once

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "adapters/net/tls.hpp"
#include "adapters/slack/slack_bot.hpp"
#include "bot/core/engine.hpp"
#include "storage/sqlite_store.hpp"
#include "templates/builtin.hpp"
#include "tests/support/fake_slack.hpp"

namespace scribe::test {

inline slack::SlackSettings quick_settings(const FakeSlack& fake) {
  slack::SlackSettings s;
  s.app_token = fake.options().app_token;
  s.bot_token = fake.options().bot_token;
  const net::BackoffOptions quick{std::chrono::milliseconds(50), std::chrono::milliseconds(400),
                                  2.0, 0.5, std::nullopt};
  s.http.connect_timeout = s.http.request_timeout = std::chrono::seconds(3);
  s.session.connect_timeout = std::chrono::seconds(3);
  s.session.hello_timeout = std::chrono::seconds(2);
  s.session.idle_timeout = std::chrono::seconds(2);
  s.session.backoff = quick;
  s.outbound.backoff = quick;
  s.user_lookup_budget = std::chrono::milliseconds(500);
  s.outbound.drain_timeout = std::chrono::seconds(3);
  return s;
}

class BotHarness {
 public:
  BotHarness(FakeSlack& fake, slack::SlackSettings settings,
             const std::string& db = ":memory:", std::optional<std::string> ca_file = std::nullopt,
             net::Clock& clock = net::Clock::steady())
      : store_(storage::open_store(db)),
        engine_(*store_, engine_options()),
        tls_(make_tls(ca_file)) {
    settings.api_url = fake.api_url();
    bot_ = std::make_unique<slack::SlackBot>(io_.get_executor(), tls_, engine_, settings,
                                             [this](const core::DraftReady& d) {
                                               std::lock_guard lock(mutex_);
                                               drafts_.push_back(d);
                                             },
                                             clock);
  }
  explicit BotHarness(FakeSlack& fake) : BotHarness(fake, quick_settings(fake)) {}

  ~BotHarness() { stop(); }

  void start() {
    boost::asio::co_spawn(io_, bot_->run(), [this](std::exception_ptr e) {
      error_ = e;
      finished_ = true;
    });
    thread_ = std::thread([this] { io_.run(); });
  }

  // stop() and wait for run() to return; rethrows what run() threw.
  void stop() {
    if (!thread_.joinable()) return;
    boost::asio::post(io_, [this] { bot_->stop(); });
    thread_.join();
  }
  bool finished() const { return finished_; }
  std::exception_ptr error() const { return error_; }
  // Waits for run() to end by itself (a fatal error); false on timeout.
  bool wait_finished(std::chrono::milliseconds timeout) {
    if (!FakeSlack::eventually([&] { return finished_.load(); }, timeout)) return false;
    if (thread_.joinable()) thread_.join();
    return true;
  }

  // Runs `f` on the bot's thread (the engine and store live there) and returns its result.
  template <class F>
  auto on_io(F f) -> decltype(f()) {
    if (!thread_.joinable()) return f();
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    boost::asio::post(io_, [&task] { task(); });
    return result.get();
  }

  slack::SlackBot& bot() { return *bot_; }
  core::Store& store() { return *store_; }
  core::IncidentEngine& engine() { return engine_; }
  std::vector<core::DraftReady> drafts() const {
    std::lock_guard lock(mutex_);
    return drafts_;
  }
  slack::SlackBot::Stats stats() {
    return on_io([this] { return bot_->stats(); });
  }
  std::vector<core::TranscriptLine> transcript(std::int64_t incident) {
    return on_io([this, incident] { return store_->transcript().list(incident); });
  }
  std::optional<core::Incident> incident(std::int64_t n) {
    return on_io([this, n] { return store_->incidents().find(n); });
  }

 private:
  static core::EngineOptions engine_options() {
    core::EngineOptions o;
    o.postmortem_template = std::string(*templates::find_builtin("postmortem.md.mustache"));
    return o;
  }
  static boost::asio::ssl::context make_tls(const std::optional<std::string>& ca_file) {
    net::TlsOptions o;
    if (ca_file) {
      o.ca_file = *ca_file;
      o.use_system_store = false;
    }
    return net::make_tls_context(o);
  }

  std::unique_ptr<core::Store> store_;
  core::IncidentEngine engine_;
  boost::asio::io_context io_;
  boost::asio::ssl::context tls_;
  std::unique_ptr<slack::SlackBot> bot_;
  std::thread thread_;
  std::atomic<bool> finished_{false};
  std::exception_ptr error_;
  mutable std::mutex mutex_;
  std::vector<core::DraftReady> drafts_;
};

}  // namespace scribe::test
