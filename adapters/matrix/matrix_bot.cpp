#include "adapters/matrix/matrix_bot.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <stdexcept>

#include "adapters/matrix/events.hpp"
#include "adapters/matrix/outbox.hpp"
#include "adapters/matrix/sync_session.hpp"
#include "adapters/net/http_client.hpp"
#include "adapters/net/outbound_queue.hpp"

namespace scribe::matrix {
namespace asio = boost::asio;

namespace {

net::HttpClientOptions sync_http_options(const MatrixSettings& s) {
  net::HttpClientOptions o = s.http;
  o.body_limit = s.sync.max_sync_bytes;
  return o;
}

SyncOptions sync_options(const MatrixSettings& s) {
  SyncOptions o = s.sync;
  o.expected_user_id = s.user_id;
  return o;
}

}  // namespace

bool inviter_allowed(std::string_view inviter, const std::vector<std::string>& allowed) {
  if (allowed.empty()) return true;
  for (const auto& entry : allowed) {
    if (entry.starts_with('@') && inviter == entry) return true;
    if (entry.starts_with(':') && inviter.starts_with('@') && inviter.ends_with(entry)) return true;
  }
  return false;
}

struct MatrixBot::Impl {
  asio::any_io_executor executor;
  core::IncidentEngine& engine;
  MatrixSettings settings;
  net::HttpClient sync_http;  // the long poll only, so stop() can cut it short
  net::HttpClient api_http;   // everything else
  ClientApi api;
  net::OutboundQueue queue;
  std::unique_ptr<chat::EffectSink> outbox;
  SyncSession session;
  std::map<std::string, std::string> names;  // user id -> display name
  std::uint64_t invites_joined = 0, invites_declined = 0;

  Impl(asio::any_io_executor ex, asio::ssl::context& tls, core::IncidentEngine& engine,
       MatrixSettings s, DraftHandler on_draft, net::Clock& clock)
      : executor(ex),
        engine(engine),
        settings(std::move(s)),
        sync_http(ex, tls, sync_http_options(settings)),
        api_http(ex, tls, settings.http),
        api(ex, api_http, net::http_url_or_throw("matrix.homeserver", settings.homeserver),
            settings.access_token, settings.api_retry, clock),
        queue(ex, settings.outbound, clock),
        outbox(make_outbox(api, queue, engine, std::move(on_draft))),
        session(
            ex, sync_http, api, engine, sync_options(settings),
            [this](SyncBatch& batch) { return on_batch(batch); }, clock) {}

  TranslateContext translate_context() {
    TranslateContext c;
    c.self_user_id = session.user_id();
    c.received_at = core::wall_clock_now();
    c.reaction_target = [this](const std::string& id) {
      return engine.pin_reaction_target("matrix", id);
    };
    c.display_name = [this](const std::string& user) {
      auto it = names.find(user);
      return it == names.end() ? std::string() : it->second;
    };
    return c;
  }

  // Remembered before the batch commits, so a redaction after a crash still
  // finds what the reaction pinned (an extra entry for an uncommitted reaction
  // is harmless: it only names an event id).
  void remember_reaction(const core::Inbound& reaction) {
    engine.remember_pin_reaction("matrix", reaction.event_id, reaction.message_id, reaction.at);
  }

  void learn_names(const SyncResponse& sync) {
    auto learn = [&](const RoomEvent& e) {
      if (e.type == "m.room.member" && e.state_key && !e.content.displayname.empty())
        names[*e.state_key] = e.content.displayname;
    };
    for (const auto& [id, room] : sync.join) {
      for (const auto& e : room.state) learn(e);
      for (const auto& e : room.timeline.events) learn(e);
    }
  }

  asio::awaitable<void> answer_invites(const SyncResponse& sync) {
    for (const auto& [room_id, invite] : sync.invite) {
      if (inviter_allowed(invite.inviter, settings.allowed_inviters)) {
        const auto joined = co_await api.join(room_id);
        if (!joined) {
          spdlog::warn("matrix: invite to {}: {}", room_id, joined.failure().what);
          continue;
        }
        ++invites_joined;
        spdlog::info("matrix: joined {} (invited by {})", room_id, invite.inviter);
      } else {
        const auto left = co_await api.leave(room_id);
        if (!left) {
          spdlog::warn("matrix: invite to {}: {}", room_id, left.failure().what);
          continue;
        }
        ++invites_declined;
        spdlog::info("matrix: declined {} from {}: not in matrix.allowed_inviters", room_id,
                     invite.inviter);
      }
    }
  }

  // One sync: invites answered, events applied with next_batch in one commit,
  // effects queued.
  asio::awaitable<void> on_batch(SyncBatch& batch) {
    learn_names(batch.response);
    co_await answer_invites(batch.response);
    const core::IncidentEngine::CursorUpdate cursor{std::string(kNextBatchCursor),
                                                    batch.next_batch};
    if (batch.initial) {
      // The first start: what happened before now is history, not commands.
      engine.handle_batch({}, cursor);
      co_return;
    }
    const TranslateContext context = translate_context();
    std::vector<core::Inbound> events;
    for (const auto& [room_id, room] : batch.response.join) {
      for (const auto& e : room.timeline.events) {
        auto in = to_inbound(e, room_id, context);
        if (!in) continue;
        if (in->kind == core::InboundKind::reaction_added) remember_reaction(*in);
        events.push_back(std::move(*in));
      }
    }
    const auto results = engine.handle_batch(events, cursor);
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!results[i].error.empty())
        spdlog::warn("matrix: event {} in {} not applied: {}", events[i].event_id,
                     events[i].channel, results[i].error);
      outbox->deliver(results[i].effects);
    }
  }
};

MatrixBot::MatrixBot(asio::any_io_executor executor, asio::ssl::context& tls,
                     core::IncidentEngine& engine, MatrixSettings settings,
                     chat::DraftHandler on_draft, net::Clock& clock)
    : impl_(std::make_unique<Impl>(executor, tls, engine, std::move(settings), std::move(on_draft),
                                   clock)) {
  const bool in_place = engine.options().in_place_platforms.contains(std::string(kPlatform));
  if (in_place == impl_->settings.dedicated_rooms())
    spdlog::warn("matrix: incident rooms are {} but the engine keeps Matrix incidents {}",
                 impl_->settings.dedicated_rooms() ? "dedicated" : "in place",
                 in_place ? "in place" : "in dedicated rooms");
}

MatrixBot::~MatrixBot() = default;

asio::awaitable<void> MatrixBot::run() {
  Impl& s = *impl_;
  net::TaskGroup tasks(s.executor, "matrix");
  tasks.spawn(s.queue.run(), "outbound queue");
  std::exception_ptr failure;
  try {
    co_await s.session.run();
  } catch (...) {
    failure = std::current_exception();
  }
  // Finish the work in hand: what is queued goes out, rate limits included.
  co_await s.queue.drain([&s] { s.api_http.shutdown(); });
  co_await tasks.join();
  s.api.stop();
  s.api_http.shutdown();
  if (failure) std::rethrow_exception(failure);
}

void MatrixBot::stop() {
  impl_->session.stop();
  impl_->api.stop();
}

bool MatrixBot::connected() const {
  return impl_->session.connected();
}

std::string MatrixBot::user_id() const {
  return impl_->session.user_id();
}

void MatrixBot::deliver(std::vector<core::Outbound> effects) {
  impl_->outbox->deliver(std::move(effects));
}

MatrixBot::Stats MatrixBot::stats() const {
  const Impl& s = *impl_;
  const SyncStats& sync = s.session.stats();
  Stats out;
  out.syncs = sync.syncs;
  out.events = sync.events;
  out.duplicates = sync.duplicates;
  out.reconnects = sync.reconnects;
  out.outbound = s.queue.stats();
  out.rate_limit_waits =
      sync.rate_limit_waits + out.outbound.rate_limit_waits + s.api.counters().rate_limit_waits;
  out.gaps_filled = sync.gaps_filled;
  out.invites_joined = s.invites_joined;
  out.invites_declined = s.invites_declined;
  return out;
}

}  // namespace scribe::matrix
