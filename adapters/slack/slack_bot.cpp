#include "adapters/slack/slack_bot.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "adapters/net/http_client.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "adapters/net/retrying.hpp"
#include "adapters/slack/effect_sender.hpp"
#include "adapters/slack/envelope_applier.hpp"
#include "adapters/slack/socket_mode_session.hpp"
#include "adapters/slack/tasks.hpp"
#include "adapters/slack/user_directory.hpp"

namespace scribe::slack {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

net::Url parse_api_url(const std::string& text) {
  std::string why;
  auto url = net::Url::parse(text, &why);
  if (!url || (url->scheme != "http" && url->scheme != "https"))
    throw std::invalid_argument("slack.api_url \"" + text + "\" is not an http(s) URL" +
                                (why.empty() ? "" : ": " + why));
  return *url;
}

const SlackSettings& checked(const SlackSettings& s) {
  if (s.app_token.empty()) throw std::invalid_argument("slack.app_token is empty (xapp-…)");
  if (s.bot_token.empty()) throw std::invalid_argument("slack.bot_token is empty (xoxb-…)");
  return s;
}

net::HttpClientOptions http_options(const SlackSettings& s) {
  net::HttpClientOptions o;
  o.request_timeout = s.request_timeout;
  o.connect_timeout = s.request_timeout;
  return o;
}

net::RetryPolicy retry_policy(const SlackSettings& s) {
  net::RetryPolicy p;
  p.backoff = s.reconnect_backoff;
  return p;
}

SessionOptions session_options(const SlackSettings& s) {
  SessionOptions o;
  o.hello_timeout = s.hello_timeout;
  o.idle_timeout = s.idle_timeout;
  o.connect_timeout = s.request_timeout;
  o.backoff = s.reconnect_backoff;
  o.batch_cap = s.batch_cap;
  o.on_ack = s.on_ack;
  return o;
}

}  // namespace

struct SlackBot::Impl {
  Impl(asio::any_io_executor ex, asio::ssl::context& tls_context, core::IncidentEngine& eng,
       SlackSettings s, DraftCallback draft)
      : executor(ex),
        engine(eng),
        settings(std::move(s)),
        api_base(parse_api_url(checked(settings).api_url)),
        http(ex, tls_context, http_options(settings)),
        retrying(ex, http, retry_policy(settings)),
        bot_api(http, retrying, api_base, settings.bot_token, settings.request_timeout),
        app_api(http, retrying, api_base, settings.app_token, settings.request_timeout),
        queue(ex,
              net::OutboundQueueOptions{"slack", settings.outbound_capacity,
                                        settings.reconnect_backoff, 0, std::chrono::minutes(15)}),
        sender(
            bot_api, queue,
            [this](std::int64_t incident, const std::string& channel) {
              engine.bind_channel(incident, channel);
            },
            std::move(draft)),
        users(ex, bot_api),
        applier(
            engine,
            [this](std::vector<core::Outbound> effects) { sender.send(std::move(effects)); },
            &users, settings.user_lookup_budget),
        session(
            ex, tls_context, session_options(settings), [this] { return open_socket_url(); },
            [this](const std::vector<Envelope>& batch) { return applier.apply(batch); }),
        wake(ex),
        tasks(ex) {}

  asio::awaitable<bool> authenticate();
  asio::awaitable<SocketUrl> open_socket_url();
  asio::awaitable<void> shut_down(bool fatal);

  asio::any_io_executor executor;
  core::IncidentEngine& engine;
  SlackSettings settings;
  net::Url api_base;
  net::HttpClient http;
  net::RetryingHttp retrying;
  WebApiClient bot_api;
  WebApiClient app_api;
  net::OutboundQueue queue;
  EffectSender sender;
  UserDirectory users;
  EnvelopeApplier applier;
  SocketModeSession session;
  Signal wake;
  TaskGroup tasks;
  bool running = false;
  bool stopping = false;
  bool authenticated = false;
};

asio::awaitable<bool> SlackBot::Impl::authenticate() {
  net::Backoff backoff(settings.reconnect_backoff);
  while (!stopping) {
    ApiReply r = co_await bot_api.call("auth.test");
    if (r.ok) {
      applier.set_identity(Identity{r.get("user_id"), r.get("bot_id")});
      spdlog::info("slack: signed in as {} ({}, bot {}) in {}", r.get("user"), r.get("user_id"),
                   r.get("bot_id"), r.get("team"));
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
    const auto deadline = Clock::now() + wait;
    while (!stopping && Clock::now() < deadline) co_await this->wake.wait_until(deadline);
  }
  co_return false;
}

asio::awaitable<SocketUrl> SlackBot::Impl::open_socket_url() {
  ApiReply r = co_await app_api.call("apps.connections.open");
  if (r.ok && !r.get("url").empty()) co_return SocketUrl{r.get("url"), std::nullopt, {}};
  if (is_fatal_auth_error(r.error) || r.error == "missing_scope")
    throw SlackFatalError("Slack refused the app token (apps.connections.open: " + r.error +
                          "); check slack.app_token or SCRIBE_SLACK_APP_TOKEN: an xapp- token "
                          "with connections:write");
  co_return SocketUrl{std::nullopt, r.retry_after, r.error.empty() ? "no url" : r.error};
}

asio::awaitable<void> SlackBot::Impl::shut_down(bool fatal) {
  session.stop();
  queue.close();
  // Let queued messages go out, within the grace period.
  const auto deadline = Clock::now() + settings.shutdown_grace;
  while (!fatal && queue.depth() > 0 && Clock::now() < deadline) {
    asio::steady_timer tick(executor, std::chrono::milliseconds(20));
    co_await tick.async_wait(asio::use_awaitable);
  }
  if (queue.depth() > 0) {
    spdlog::warn("slack: stopping with {} outbound messages unsent", queue.depth());
    queue.abort();
  }
  users.stop();
  retrying.stop();
  http.shutdown();  // ends a request still in flight (an aborted job, a lookup)
  co_await tasks.join();
  co_await users.join();
}

SlackBot::SlackBot(asio::any_io_executor executor, asio::ssl::context& tls,
                   core::IncidentEngine& engine, SlackSettings settings, DraftCallback on_draft)
    : impl_(std::make_unique<Impl>(executor, tls, engine, std::move(settings),
                                   std::move(on_draft))) {}

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
  impl_->sender.send(std::move(effects));
}

SlackBot::Stats SlackBot::stats() const {
  const Impl& s = *impl_;
  Stats out;
  const SessionStats& ss = s.session.stats();
  const ApplierCounters& ac = s.applier.counters();
  const net::OutboundQueueStats qs = s.queue.stats();
  out.envelopes = ss.envelopes;
  out.acks = ss.acks;
  out.applied = ac.applied;
  out.duplicates = ac.duplicates;
  out.skipped = ac.skipped;
  out.failed = ac.failed;
  out.malformed = ss.malformed;
  out.connections = ss.connections;
  out.reconnects = ss.reconnects;
  out.rate_limit_waits = qs.rate_limit_waits + s.retrying.counters().rate_limit_waits;
  out.messages_sent = qs.sent;
  out.queue_depth = s.queue.depth();
  out.largest_batch = ss.largest_batch;
  return out;
}

}  // namespace scribe::slack
