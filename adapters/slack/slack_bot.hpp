// Scribe on Slack: Socket Mode in, the incident engine in the middle, the Web
// API out. The app builds one SlackBot on its io_context and co_spawns run().
//
//   auto tls = net::make_tls_context({settings.ca_file});
//   slack::SlackBot bot(io.get_executor(), tls, engine, settings,
//                       [&](const core::DraftReady& d) { runtime.write_draft_file(d); });
//   co_spawn(io, bot.run(), ...);   // on SIGTERM: bot.stop()
//
// Guarantees: an envelope is acked only after its event is committed (one
// transaction per batch of envelopes); each event is applied at most once,
// keyed by Slack's event_id ("slash:<envelope_id>" for slash commands) across
// restarts; envelopes that cannot be used are acked and logged; outbound
// messages are queued in order and rate limits delay them, never drop them.
// Tokens are never logged.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/chat/chat_bot.hpp"
#include "adapters/net/async.hpp"
#include "adapters/net/http_client.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "adapters/slack/slack_config.hpp"
#include "adapters/slack/socket_mode_session.hpp"
#include "adapters/slack/web_api_client.hpp"  // SlackFatalError
#include "bot/core/engine.hpp"
#include "bot/core/types.hpp"

namespace scribe::slack {

// The config's [slack] section (tokens, api_url), and what only code sets.
struct SlackSettings : SlackConfig {
  // The extra trust anchors the app built the ssl::context from
  // (net::make_tls_context); kept here for log lines and docs.
  std::string ca_file;

  // The pieces' own options, set here rather than copied field by field.
  net::HttpClientOptions http{.connect_timeout = std::chrono::seconds(15),
                              .request_timeout = std::chrono::seconds(15)};
  // Socket Mode: hello and idle timeouts, the reconnect backoff (auth.test's
  // retries use it too), envelopes per commit, the ack-latency callback.
  SessionOptions session{.connect_timeout = std::chrono::seconds(15)};
  // Replies, files and channels going out: capacity, backoff, drain_timeout.
  net::OutboundQueueOptions outbound{.name = "slack",
                                     .backoff = {std::chrono::seconds(1),
                                                 std::chrono::seconds(30), 2.0, 0.5, {}}};
  // How long a batch may wait for users.info of authors not cached yet (see
  // user_directory.hpp); 0 never waits.
  std::chrono::milliseconds user_lookup_budget{500};
};

class SlackBot final : public chat::ChatBot {
 public:
  using DraftCallback = chat::DraftHandler;

  // Throws std::invalid_argument for a missing token or an unusable api_url.
  SlackBot(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
           core::IncidentEngine& engine, SlackSettings settings, DraftCallback on_draft,
           net::Clock& clock = net::Clock::steady());
  ~SlackBot() override;

  // auth.test, then Socket Mode until stop(). Returns after stop() once the
  // socket is closed and queued messages went out (within outbound.drain_timeout).
  // Throws SlackFatalError with a one-line reason when Slack refuses a token
  // (invalid_auth, not_authed, account_inactive, …) or TLS to the API is
  // refused at startup.
  boost::asio::awaitable<void> run() override;
  void stop() override;
  bool connected() const override;  // a Socket Mode connection said hello
  void deliver(std::vector<core::Outbound> effects) override;

  // duplicates: redelivered events; rate_limit_waits: Web API calls and jobs.
  struct Stats : chat::BotStats {
    std::uint64_t envelopes = 0;   // envelopes received
    std::uint64_t acks = 0;        // acks sent
    std::uint64_t applied = 0;     // events handed to the engine and committed
    std::uint64_t skipped = 0;     // envelopes with nothing to apply (unknown types, joins, …)
    std::uint64_t failed = 0;      // events the engine refused (acked, logged)
    std::uint64_t malformed = 0;   // frames that were not JSON
    std::uint64_t connections = 0;
    std::uint64_t largest_batch = 0;
    std::uint64_t batches_unacked = 0;  // not committed (storage trouble): Slack resends them
  };
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scribe::slack
