#include "bot/app/serve.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <csignal>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "adapters/matrix/matrix_bot.hpp"
#include "adapters/net/listen_address.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "adapters/net/status_server.hpp"
#include "adapters/net/tls.hpp"
#include "adapters/signals/signal_listener.hpp"
#include "adapters/slack/slack_bot.hpp"
#include "adapters/web/web_access.hpp"
#include "adapters/web/web_view.hpp"
#include "bot/app/health.hpp"
#include "bot/app/metrics.hpp"
#include "bot/app/runtime.hpp"
#include "bot/app/serve_metrics.hpp"
#include "bot/app/templates.hpp"
#include "bot/app/tracker_service.hpp"
#include "bot/core/follow_up.hpp"

namespace scribe::app {
namespace {

namespace asio = boost::asio;

// One connected platform, seen the same way whichever it is.
struct ChatBot {
  std::string platform;
  std::shared_ptr<chat::ChatBot> bot;
  std::function<void(metrics::ScribeMetrics&)> collect;  // its counters into /metrics
};

constexpr std::chrono::milliseconds kReplanEvery{30'000};
// Slack redelivers an unacked envelope within minutes and Matrix resumes from
// its stored next_batch, so a month of event ids is far more than dedup needs;
// older ones are dropped every few hours to keep the database from growing.
constexpr std::chrono::days kLedgerKeep{30};
constexpr std::chrono::hours kLedgerPruneEvery{6};

asio::ssl::context make_tls(const Config& config) {
  try {
    return net::make_tls_context(net::TlsOptions{config.tls.ca_file, true});
  } catch (const std::exception& e) {
    throw ConfigError(config.source + ": " + e.what());
  }
}

template <typename Bot>
ChatBot wrap(std::string platform, std::shared_ptr<Bot> bot) {
  return ChatBot{std::move(platform), bot,
                 [bot](metrics::ScribeMetrics& m) { collect(m, bot->stats()); }};
}

// The wiring of one `scribe run`: everything lives as long as the io_context runs.
class Service {
 public:
  explicit Service(const Config& config)
      : config_(config),
        runtime_(config, enabled_platforms(config)),
        tls_(make_tls(config)),
        metrics_(registry_),
        web_access_(config.web),
        web_view_(runtime_.store(), web::WebViewOptions{config.timezone, config.people}),
        status_(
            io_, [this] { return health().response(); },
            [this] {
              return std::pair<int, std::string>{200, registry_.render()};
            },
            status_options(config)),
        trackers_(TrackerService::make(
            io_, tls_, config, runtime_.engine(),
            [this](std::vector<core::ScheduledEffect> effects) { deliver(effects); })),
        signal_listener_(io_, config.signals,
                         [this](const std::vector<core::Signal>& signals, core::Instant at) {
                           return apply_signals(signals, at);
                         },
                         tracker_events(config)),
        signals_(io_, SIGINT, SIGTERM, SIGHUP),
        follow_up_timer_(io_) {
    auto on_draft = [this](const core::DraftReady& draft) {
      spdlog::info("draft v{} of {} written to {}", draft.version,
                   core::incident_ref(draft.incident), runtime_.write_draft_file(draft));
    };
    if (config.slack.enabled) {
      slack::SlackSettings s;
      static_cast<slack::SlackConfig&>(s) = config.slack;
      s.ca_file = config.tls.ca_file;
      s.session.on_ack = [this](std::chrono::steady_clock::duration latency) {
        metrics_.ack_latency("slack").observe(std::chrono::duration<double>(latency).count());
      };
      bots_.push_back(wrap("slack", std::make_shared<slack::SlackBot>(
                                        io_.get_executor(), tls_, runtime_.engine(), s, on_draft)));
    }
    if (config.matrix.enabled) {
      matrix::MatrixSettings s;
      static_cast<matrix::MatrixConfig&>(s) = config.matrix;
      bots_.push_back(
          wrap("matrix", std::make_shared<matrix::MatrixBot>(io_.get_executor(), tls_,
                                                             runtime_.engine(), s, on_draft)));
    }
    registry_.on_collect([this] {
      for (auto& bot : bots_) bot.collect(metrics_);
      collect(registry_, signal_listener_.stats());
      if (trackers_) trackers_->collect(registry_);
      metrics::refresh_store_gauges(
          metrics_, runtime_.store(),
          [this](const std::string& who) { return runtime_.engine().zone_of(who, {}); },
          core::wall_clock_now().time_since_epoch().count());
    });
  }

  int run() {
    if (status_.start(config_.http.listen)) {
      // The port actually bound, so a listen port of 0 can be found from the log.
      const auto listen = net::parse_listen_address(config_.http.listen);
      spdlog::info("status on http://{}:{}/healthz and /metrics", listen ? listen->host : "?",
                   status_.port());
      if (config_.web.enabled)
        spdlog::info("incidents on http://{}:{}/ (web.auth {})", listen ? listen->host : "?",
                     status_.port(), config_.web.auth);
    }
    if (signal_listener_.start()) {
      const auto listen = net::parse_listen_address(config_.signals.listen);
      spdlog::info("signals on {}://{}:{}/signals/", config_.signals.cert_file.empty() ? "http" : "https",
                   listen ? listen->host : "?", signal_listener_.port());
    }
    wait_for_signal();
    for (auto& bot : bots_) {
      resume_unopened_channels(bot);
      asio::co_spawn(io_, bot.bot->run(), [this, platform = bot.platform](std::exception_ptr error) {
        if (!error) return;
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          spdlog::critical("{}: {}", platform, e.what());
        }
        exit_code_ = 1;
        shutdown();
      });
    }
    if (trackers_) {
      const auto target = config_.trackers.target();
      spdlog::info("trackers: action items go to {} ({}), read back every {} s", target.label(),
                   config_.trackers.export_when,
                   std::chrono::duration_cast<std::chrono::seconds>(config_.trackers.sync_every)
                       .count());
      asio::co_spawn(io_, trackers_->sync().run(), [](std::exception_ptr error) {
        if (!error) return;
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          spdlog::error("trackers: stopped: {}", e.what());
        }
      });
    }
    asio::co_spawn(io_, follow_up_loop(), [](std::exception_ptr error) {
      if (!error) return;
      try {
        std::rethrow_exception(error);
      } catch (const std::exception& e) {
        spdlog::error("follow-up: stopped: {}", e.what());
      }
    });
    io_.run();
    spdlog::info("stopped");
    return exit_code_;
  }

 private:
  HealthReport health() {
    HealthReport report;
    report.add(storage_health(config_.data_dir, config_.database_path()));
    for (const auto& bot : bots_)
      report.add(bot.platform, bot.bot->connected(),
                 bot.bot->connected() ? "connected" : "not connected");
    if (!config_.signals.listen.empty())
      report.add("signals", signal_listener_.listening(),
                 signal_listener_.listening()
                     ? "listening on port " + std::to_string(signal_listener_.port())
                     : "not listening");
    return report;
  }

  // One webhook request's signals, committed; their posts handed to the
  // platform each incident lives on.
  core::SignalsHandled apply_signals(const std::vector<core::Signal>& signals, core::Instant at) {
    auto handled = runtime_.engine().handle_signals(signals, at);
    deliver(handled.effects);
    return handled;
  }

  // Posts for the incidents' channels, each to the platform it lives on.
  void deliver(const std::vector<core::ScheduledEffect>& effects) {
    for (auto& bot : bots_)
      if (auto mine = core::effects_for(effects, bot.platform); !mine.empty())
        bot.bot->deliver(std::move(mine));
  }

  signals::TrackerEvents tracker_events(const Config& config) {
    signals::TrackerEvents events;
    events.jira_secret = config.trackers.jira.webhook_secret;
    if (trackers_)
      events.apply = [this](std::string_view tracker, std::string_view body) {
        return trackers_->apply_webhook(tracker, body);
      };
    return events;
  }

  // The web view on the status listener, behind its access check.
  net::StatusServer::Options status_options(const Config& config) {
    net::StatusServer::Options o;
    if (config.web.enabled)
      o.pages = [this](const net::ServerRequest& req) {
        if (auto refused = web_access_.refusal(req)) return std::move(*refused);
        return web_view_.handle(req);
      };
    return o;
  }

  static std::set<std::string> enabled_platforms(const Config& config) {
    std::set<std::string> platforms;
    if (config.slack.enabled) platforms.insert("slack");
    if (config.matrix.enabled) platforms.insert("matrix");
    return platforms;
  }

  // Reminders, nudges, review reminders and the digest: run what is due, hand
  // each platform its share, sleep until the next piece of work (or check_every).
  asio::awaitable<void> follow_up_loop() {
    auto next_prune = core::wall_clock_now();
    while (!stopping_) {
      try {
        const auto now = core::wall_clock_now();
        if (now >= next_prune) {
          forget_old_event_ids(now);
          next_prune = now + kLedgerPruneEvery;
        }
        const auto due = runtime_.follow_up().run_due(now);
        if (!due.empty()) spdlog::info("follow-up: {} messages due", due.size());
        for (auto& bot : bots_)
          if (auto effects = core::effects_for(due, bot.platform); !effects.empty())
            bot.bot->deliver(std::move(effects));
      } catch (const std::exception& e) {
        // Storage trouble shows on /healthz; the next round tries again.
        spdlog::error("follow-up: {}", e.what());
      }
      // Work added since (a new incident, an item already overdue) is not in
      // next_due() yet: look again within kReplanEvery whatever check_every says.
      auto wait = std::min(
          std::chrono::duration_cast<std::chrono::milliseconds>(config_.reminders.check_every),
          kReplanEvery);
      if (const auto next = runtime_.follow_up().next_due())
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                  *next - core::wall_clock_now()));
      // At least a second, so work that cannot be done yet is not retried in a spin.
      follow_up_timer_.expires_after(std::max(wait, std::chrono::milliseconds(1'000)));
      boost::system::error_code ec;
      co_await follow_up_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }

  // A declaration committed (and acked) just before the last run stopped may
  // never have got its channel: make it now, first in the bot's queue.
  void resume_unopened_channels(ChatBot& bot) {
    auto effects = runtime_.engine().channels_never_opened(bot.platform);
    for (const auto& effect : effects)
      if (const auto* open = std::get_if<core::OpenChannel>(&effect))
        spdlog::warn("{}: {} has no channel yet (the last run stopped before making it); making {}",
                     bot.platform, core::incident_ref(open->incident), open->name);
    if (!effects.empty()) bot.bot->deliver(std::move(effects));
  }

  void forget_old_event_ids(core::Instant now) {
    const auto cutoff = now - kLedgerKeep;
    auto& store = runtime_.store();
    if (const auto n = store.ledger().forget_before("signals", cutoff); n > 0)
      spdlog::info("storage: forgot {} signal keys older than {} days", n, kLedgerKeep.count());
    // Unrouted signals matter only to incidents declared within recent_changes.
    if (const auto n = store.signals().forget_before(now - config_.signals.recent_changes); n > 0)
      spdlog::info("storage: forgot {} unrouted signals", n);
    for (const auto& bot : bots_) {
      const auto forgotten = runtime_.store().ledger().forget_before(bot.platform, cutoff);
      if (forgotten > 0)
        spdlog::info("storage: forgot {} {} event ids older than {} days", forgotten, bot.platform,
                     kLedgerKeep.count());
      // A pin removed more than this long after it was placed stays on the timeline.
      const auto reactions = runtime_.store().pin_reactions().forget_before(bot.platform, cutoff);
      if (reactions > 0)
        spdlog::info("storage: forgot {} {} pin reactions older than {} days", reactions,
                     bot.platform, kLedgerKeep.count());
    }
  }

  void wait_for_signal() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;  // cancelled at shutdown
      if (signal == SIGHUP) {
        reload_templates();
        return wait_for_signal();
      }
      spdlog::info("signal {}: finishing the work in hand", signal);
      shutdown();
    });
  }

  void reload_templates() {
    try {
      auto templates = load_templates(config_);
      runtime_.engine().set_postmortem_template(templates.at(kPostmortemTemplate).text);
      spdlog::info("templates reloaded");
    } catch (const std::exception& e) {
      spdlog::error("templates not reloaded, keeping the previous ones: {}", e.what());
    }
  }

  void shutdown() {
    if (stopping_) return;
    stopping_ = true;
    signals_.cancel();
    follow_up_timer_.cancel();
    status_.stop();
    signal_listener_.stop();
    if (trackers_) trackers_->sync().stop();
    for (auto& bot : bots_) bot.bot->stop();
  }

  Config config_;
  asio::io_context io_;
  Runtime runtime_;
  asio::ssl::context tls_;
  metrics::Registry registry_;
  metrics::ScribeMetrics metrics_;
  web::WebAccess web_access_;
  web::WebView web_view_;
  net::StatusServer status_;
  std::unique_ptr<TrackerService> trackers_;
  signals::SignalListener signal_listener_;
  asio::signal_set signals_;
  asio::steady_timer follow_up_timer_;
  std::vector<ChatBot> bots_;
  bool stopping_ = false;
  int exit_code_ = 0;
};

}  // namespace

int serve(const Config& config) {
  Service service(config);
  return service.run();
}

}  // namespace scribe::app
