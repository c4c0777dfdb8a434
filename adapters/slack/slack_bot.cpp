#include "adapters/slack/slack_bot.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "adapters/net/async.hpp"
#include "adapters/net/http_client.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "adapters/net/retrying.hpp"
#include "adapters/slack/effect_sender.hpp"
#include "adapters/slack/envelope_applier.hpp"
#include "adapters/slack/socket_mode_session.hpp"
#include "adapters/slack/user_directory.hpp"

namespace scribe::slack {

namespace asio = boost::asio;

namespace {

const SlackSettings& checked(const SlackSettings& s) {
  if (s.app_token.empty()) throw std::invalid_argument("slack.app_token is empty (xapp-…)");
  if (s.bot_token.empty()) throw std::invalid_argument("slack.bot_token is empty (xoxb-…)");
  return s;
}

net::RetryPolicy retry_policy(const SlackSettings& s) {
  return net::RetryPolicy{.backoff = s.session.backoff};
}

}  // namespace

struct SlackBot::Impl {
  Impl(asio::any_io_executor ex, asio::ssl::context& tls_context, core::IncidentEngine& eng,
       SlackSettings s, DraftCallback draft, net::Clock& clock)
      : engine(eng),
        settings(std::move(s)),
        api_base(net::http_url_or_throw("slack.api_url", checked(settings).api_url)),
        http(ex, tls_context, settings.http),
        retrying(ex, http, retry_policy(settings), clock),
        bot_api(http, retrying, api_base, settings.bot_token, settings.http.request_timeout),
        app_api(http, retrying, api_base, settings.app_token, settings.http.request_timeout),
        queue(ex, settings.outbound, clock),
        sender(make_effect_sender(
            bot_api, queue,
            [this](std::int64_t incident, const std::string& channel) {
              engine.bind_channel(incident, channel);
            },
            std::move(draft))),
        users(ex, bot_api),
        applier(
            engine,
            [this](std::vector<core::Outbound> effects) { sender->deliver(std::move(effects)); },
            &users, settings.user_lookup_budget),
        session(
            ex, tls_context, settings.session, [this] { return open_socket_url(); },
            [this](const std::vector<Envelope>& batch) { return applier.apply(batch); }, clock),
        wake(ex, clock),
        tasks(ex, "slack") {}

  asio::awaitable<bool> authenticate();
  asio::awaitable<SocketUrl> open_socket_url();
  asio::awaitable<void> shut_down(bool fatal);

  core::IncidentEngine& engine;
  SlackSettings settings;
  net::Url api_base;
  net::HttpClient http;
  net::RetryingHttp retrying;
  WebApiClient bot_api;
  WebApiClient app_api;
  net::OutboundQueue queue;
  std::unique_ptr<chat::EffectSink> sender;
  UserDirectory users;
  EnvelopeApplier applier;
  SocketModeSession session;
  net::Signal wake;
  net::TaskGroup tasks;
  bool running = false;
  bool stopping = false;
  bool authenticated = false;
};

asio::awaitable<bool> SlackBot::Impl::authenticate() {
  net::Backoff backoff(settings.session.backoff);
  while (!stopping) {
    ApiReply r = co_await bot_api.call("auth.test");
    if (r.ok) {
      const AuthIdentity me = read_auth_identity(r);
      applier.set_identity(Identity{me.user_id, me.bot_id});
      spdlog::info("slack: signed in as {} ({}, bot {}) in {}", me.user, me.user_id, me.bot_id,
                   me.team);
      authenticated = true;
      co_return true;
    }
    if (is_fatal_auth_error(r.error))
      throw SlackFatalError("Slack refused the bot token (auth.test: " + r.error +
                            "); check slack.bot_token or SCRIBE_SLACK_BOT_TOKEN");
    if (r.tls_refused)
      throw SlackFatalError(
          "TLS to " + api_base.origin() + " refused: " + r.error +
          (settings.ca_file.empty() ? "" : " (tls.ca_file " + settings.ca_file + ")"));
    if (stopping) break;
    auto wait = r.retry_after.value_or(backoff.next());
    spdlog::warn("slack: auth.test failed ({}), trying again in {} ms", r.error, wait.count());
    co_await net::sleep_unless(wake, stopping, wait);
  }
  co_return false;
}

asio::awaitable<SocketUrl> SlackBot::Impl::open_socket_url() {
  ApiReply r = co_await app_api.call("apps.connections.open");
  if (const std::string url = read_socket_ticket(r).url; r.ok && !url.empty())
    co_return SocketUrl{url, std::nullopt, {}};
  if (is_fatal_auth_error(r.error) || r.error == "missing_scope")
    throw SlackFatalError("Slack refused the app token (apps.connections.open: " + r.error +
                          "); check slack.app_token or SCRIBE_SLACK_APP_TOKEN: an xapp- token "
                          "with connections:write");
  co_return SocketUrl{std::nullopt, r.retry_after, r.error.empty() ? "no url" : r.error};
}

asio::awaitable<void> SlackBot::Impl::shut_down(bool fatal) {
  session.stop();
  // Let queued messages go out within outbound.drain_timeout; after a fatal
  // error nothing more will be accepted, so do not wait for it.
  if (fatal) {
    queue.abort();
    http.shutdown();
  }
  co_await queue.drain([this] { http.shutdown(); });
  users.stop();
  retrying.stop();
  http.shutdown();  // ends a request still in flight (a lookup)
  co_await tasks.join();
  co_await users.join();
}

SlackBot::SlackBot(asio::any_io_executor executor, asio::ssl::context& tls,
                   core::IncidentEngine& engine, SlackSettings settings, DraftCallback on_draft,
                   net::Clock& clock)
    : impl_(std::make_unique<Impl>(executor, tls, engine, std::move(settings), std::move(on_draft),
                                   clock)) {}

SlackBot::~SlackBot() = default;

asio::awaitable<void> SlackBot::run() {
  Impl& s = *impl_;
  if (s.running) throw std::logic_error("SlackBot::run() called twice");
  s.running = true;
  std::exception_ptr fatal;
  try {
    if (co_await s.authenticate()) {
      s.tasks.spawn(s.queue.run(), "outbound queue");
      co_await s.session.run();
    }
  } catch (...) {
    fatal = std::current_exception();
  }
  co_await s.shut_down(fatal != nullptr);
  s.running = false;
  spdlog::info("slack: stopped");
  if (fatal) std::rethrow_exception(fatal);
}

void SlackBot::stop() {
  Impl& s = *impl_;
  s.stopping = true;
  s.session.stop();
  s.wake.notify();
  if (!s.authenticated) {
    // Still signing in: nothing queued yet, so cut requests in flight short.
    s.retrying.stop();
    s.http.shutdown();
  }
}

bool SlackBot::connected() const {
  return impl_->session.connected();
}

void SlackBot::deliver(std::vector<core::Outbound> effects) {
  impl_->sender->deliver(std::move(effects));
}

SlackBot::Stats SlackBot::stats() const {
  const Impl& s = *impl_;
  Stats out;
  const SessionStats& ss = s.session.stats();
  const ApplierCounters& ac = s.applier.counters();
  out.envelopes = ss.envelopes;
  out.acks = ss.acks;
  out.applied = ac.applied;
  out.duplicates = ac.duplicates;
  out.skipped = ac.skipped;
  out.failed = ac.failed;
  out.malformed = ss.malformed;
  out.connections = ss.connections;
  out.reconnects = ss.reconnects;
  out.largest_batch = ss.largest_batch;
  out.batches_unacked = ss.batches_unacked;
  out.outbound = s.queue.stats();
  out.rate_limit_waits = out.outbound.rate_limit_waits + s.retrying.counters().rate_limit_waits;
  return out;
}

}  // namespace scribe::slack
