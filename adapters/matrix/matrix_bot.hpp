// Scribe on Matrix: the /sync loop feeding the incident engine, and the
// engine's effects sent back as notices, files and rooms. The application
// constructs one MatrixBot per homeserver account and co_awaits run().
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/chat/chat_bot.hpp"
#include "adapters/matrix/client_api.hpp"  // MatrixFatalError
#include "adapters/matrix/matrix_config.hpp"
#include "adapters/matrix/sync_session.hpp"
#include "adapters/net/async.hpp"
#include "adapters/net/http_client.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/types.hpp"

namespace scribe::matrix {

// The config's [matrix] section (account, inviters, incident rooms), and what
// only code sets. With incident_rooms "in_place" the engine must have "matrix"
// in EngineOptions::in_place_platforms (the bot warns when the two disagree).
struct MatrixSettings : MatrixConfig {
  // The pieces' own options, set here rather than copied field by field.
  // Every call but /sync; /sync uses the same with sync.max_sync_bytes as its
  // body limit and a timeout of sync.timeout_ms + sync.http_grace.
  net::HttpClientOptions http{.connect_timeout = std::chrono::seconds(10),
                              .request_timeout = std::chrono::seconds(30)};
  // The long poll: timeout, filter size, body limit, backoff, rate-limit default.
  SyncOptions sync{};
  // whoami, filter, join, /messages: attempts per call, backoff, 429 default.
  net::RetryPolicy api_retry{.max_attempts = 5,
                             .backoff = {std::chrono::milliseconds(500), std::chrono::seconds(30),
                                         2.0, 0.5, {}},
                             .default_rate_limit_wait = std::chrono::seconds(5)};
  // Notices, files and rooms going out: capacity, backoff, drain_timeout.
  // Synapse limits messages per account, so every job has one destination.
  net::OutboundQueueOptions outbound{.name = "matrix",
                                     .backoff = {std::chrono::milliseconds(500),
                                                 std::chrono::seconds(30), 2.0, 0.5, {}}};
};

// "@a:server" matches that user, ":server" anyone there; an empty list, anyone.
bool inviter_allowed(std::string_view inviter, const std::vector<std::string>& allowed);

class MatrixBot final : public chat::ChatBot {
 public:
  // Throws std::invalid_argument when settings.homeserver is not an http(s) URL.
  MatrixBot(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
            core::IncidentEngine& engine, MatrixSettings settings,
            chat::DraftHandler on_draft,
            net::Clock& clock = net::Clock::steady());
  ~MatrixBot() override;

  // Throws MatrixFatalError when the homeserver refuses the access token.
  boost::asio::awaitable<void> run() override;
  void stop() override;
  bool connected() const override;  // the last /sync succeeded
  void deliver(std::vector<core::Outbound> effects) override;


  // reconnects: failed syncs retried; rate_limit_waits: sync, REST calls and sends.
  struct Stats : chat::BotStats {
    std::uint64_t syncs = 0;
    std::uint64_t events = 0;  // timeline events handed to the engine
    std::uint64_t gaps_filled = 0;
    std::uint64_t invites_joined = 0;
    std::uint64_t invites_declined = 0;
  };
  Stats stats() const;
  // The account we are signed in as (whoami), empty before that.
  std::string user_id() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scribe::matrix
