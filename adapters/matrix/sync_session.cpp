#include "adapters/matrix/sync_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_set>

#include "adapters/matrix/content.hpp"
#include "adapters/net/errors.hpp"
#include "bot/core/text.hpp"

namespace scribe::matrix {
namespace asio = boost::asio;

namespace {

bool mentions_filter(const std::string& text) {
  return core::ascii_lower(text).find("filter") != std::string::npos;
}

}  // namespace

SyncRetry after_failed_sync(const net::HttpResult& result, net::Backoff& backoff,
                            net::Millis default_rate_limit_wait) {
  throw_if_token_refused(result);
  net::RetryPolicy policy;
  policy.default_rate_limit_wait = default_rate_limit_wait;
  if (net::is_too_large(result.ec)) return {SyncRetry::Kind::smaller, net::Millis{0}};
  const net::Classified verdict = net::classify(result, policy, rate_limit_hint());
  switch (verdict.kind) {
    case net::ResultKind::shut_down:
      return {SyncRetry::Kind::stop, net::Millis{0}};
    case net::ResultKind::rate_limited:
      return {SyncRetry::Kind::rate_limited, verdict.wait.value_or(default_rate_limit_wait)};
    case net::ResultKind::permanent:
      if (!result.ec && (result.status == 400 || result.status == 404)) {
        // The server forgot our stored filter: make a new one.
        const ErrorBody error = decode_error(result.body);
        if (error.errcode == "M_NOT_FOUND" || mentions_filter(error.error))
          return {SyncRetry::Kind::new_filter, backoff.next()};
      }
      [[fallthrough]];
    default:
      return {SyncRetry::Kind::backoff, backoff.next()};
  }
}

SyncSession::SyncSession(asio::any_io_executor executor, net::HttpClient& sync_http, ClientApi& api,
                         core::IncidentEngine& engine, SyncOptions options, Deliver deliver,
                         net::Clock& clock)
    : executor_(executor),
      http_(sync_http),
      api_(api),
      engine_(engine),
      options_(std::move(options)),
      deliver_(std::move(deliver)),
      wake_(executor, clock),
      backoff_(options_.backoff) {}

asio::awaitable<void> SyncSession::run() {
  while (!stopping_) {
    std::optional<Failure> failed;
    try {
      if (!started_) failed = co_await start();
      if (!failed) failed = co_await sync_once();
      if (!failed) continue;
    } catch (const MatrixFatalError&) {
      connected_ = false;
      throw;
    } catch (const std::exception& e) {  // an answer that cannot be decoded
      failed = Failure{e.what(), {SyncRetry::Kind::backoff, backoff_.next()}};
    }
    if (failed->retry.kind == SyncRetry::Kind::stop) break;
    net::Millis wait = failed->retry.wait;
    if (failed->retry.kind == SyncRetry::Kind::rate_limited) {
      ++stats_.rate_limit_waits;
      spdlog::info("matrix: sync rate limited, waiting {} ms", wait.count());
    } else if (failed->retry.kind == SyncRetry::Kind::smaller) {
      wait = ask_smaller();
    } else {
      spdlog::warn("matrix: sync failed ({}), retrying in {} ms", failed->what, wait.count());
    }
    if (failed->retry.kind == SyncRetry::Kind::new_filter) {
      filter_id_.clear();
      store_cursor(kFilterCursor, "");
      started_ = false;
    }
    if (stopping_) break;
    connected_ = false;
    ++stats_.reconnects;
    co_await sleep(wait);
  }
  connected_ = false;
}

void SyncSession::stop() {
  stopping_ = true;
  wake_.notify();
  http_.shutdown();
}

asio::awaitable<std::optional<SyncSession::Failure>> SyncSession::start() {
  auto backoff = [this](const ApiFailure& f) {
    return Failure{f.what, {SyncRetry::Kind::backoff, backoff_.next()}};
  };
  if (user_id_.empty()) {
    const auto whoami = co_await api_.whoami();
    if (!whoami) co_return backoff(whoami.failure());
    const Whoami& me = *whoami;
    user_id_ = me.user_id;
    spdlog::info("matrix: signed in as {}{}", user_id_,
                 me.device_id.empty() ? "" : " (device " + me.device_id + ")");
    if (!options_.expected_user_id.empty() && options_.expected_user_id != user_id_)
      spdlog::warn("matrix: the access token belongs to {}, not to matrix.user_id {}", user_id_,
                   options_.expected_user_id);
  }
  if (filter_id_.empty()) {
    filter_id_ = engine_.cursor(std::string(kFilterCursor)).value_or("");
    if (filter_id_.empty()) {
      const auto filter = co_await api_.create_filter(user_id_, sync_filter(options_.timeline_limit));
      if (!filter) co_return backoff(filter.failure());
      filter_id_ = *filter;
      store_cursor(kFilterCursor, filter_id_);
      spdlog::info("matrix: stored sync filter {}", filter_id_);
    }
  }
  since_ = engine_.cursor(std::string(kNextBatchCursor)).value_or("");
  if (since_.empty())
    spdlog::info("matrix: first start: history before now is not replayed as commands");
  started_ = true;
  co_return std::nullopt;
}

asio::awaitable<std::optional<SyncSession::Failure>> SyncSession::sync_once() {
  const bool initial = since_.empty();
  const std::string filter = lean_limit_ > 0 ? sync_filter(lean_limit_) : filter_id_;
  net::HttpResult result = co_await http_.request(
      api_.sync_request(since_, filter, initial ? 0 : options_.timeout_ms,
                        net::Millis(options_.timeout_ms) + options_.http_grace));
  if (stopping_) co_return std::nullopt;
  if (!result.ok())
    co_return Failure{describe_result(result),
                      after_failed_sync(result, backoff_, options_.default_rate_limit_wait)};

  SyncBatch batch;
  batch.initial = initial;
  batch.since = since_;
  batch.response = decode_sync(result.body, user_id_);
  batch.next_batch = batch.response.next_batch;
  if (batch.response.skipped_events > 0)
    spdlog::warn("matrix: skipped {} malformed events", batch.response.skipped_events);

  std::uint64_t duplicates = 0, delivered = 0;
  if (!initial) {
    for (auto& [room_id, room] : batch.response.join) {
      // A room we joined since the last sync: what came before our join is history.
      if (drop_history_before_join(room.timeline.events, user_id_)) continue;
      if (room.timeline.limited && !room.timeline.prev_batch.empty())
        if (auto failed = co_await fill_gap(room_id, room))
          co_return Failure{failed->what, {SyncRetry::Kind::backoff, backoff_.next()}};
    }
    std::unordered_set<std::string> in_batch;
    for (auto& [room_id, room] : batch.response.join) {
      std::erase_if(room.timeline.events, [&](const RoomEvent& e) {
        const bool seen = !e.event_id.empty() &&
                          (seen_.contains(e.event_id) || !in_batch.insert(e.event_id).second);
        duplicates += seen ? 1 : 0;
        return seen;
      });
      delivered += room.timeline.events.size();
    }
  }

  co_await deliver_(batch);

  for (const auto& [room_id, room] : batch.response.join)
    for (const auto& e : room.timeline.events) seen_.add(e.event_id);
  since_ = batch.next_batch;
  if (lean_limit_ > 0) {
    spdlog::info("matrix: caught up with at most {} events per room; back to the stored filter",
                 lean_limit_);
    lean_limit_ = 0;
  }
  connected_ = true;
  backoff_.reset();
  ++stats_.syncs;
  stats_.events += delivered;
  stats_.duplicates += duplicates;
  co_return std::nullopt;
}

net::Millis SyncSession::ask_smaller() {
  ++stats_.oversized;
  if (lean_limit_ == 1) {
    // One event per room is still too much (the state, say): there is nothing
    // smaller to ask for, so back off like any failure and keep saying why.
    const net::Millis wait = backoff_.next();
    spdlog::error(
        "matrix: a sync with one event per room is still over the {} byte limit; retrying in {} ms",
        options_.max_sync_bytes, wait.count());
    return wait;
  }
  lean_limit_ = std::max(1, (lean_limit_ == 0 ? options_.timeline_limit : lean_limit_) / 4);
  spdlog::warn(
      "matrix: sync answer over the {} byte limit; asking again with at most {} events per room "
      "(the rest is read from /messages)",
      options_.max_sync_bytes, lean_limit_);
  return net::Millis{0};
}

asio::awaitable<std::optional<ApiFailure>> SyncSession::fill_gap(const std::string& room_id,
                                                                  JoinedRoom& room) {
  GapCollector gap(user_id_);
  std::string from = room.timeline.prev_batch;
  bool complete = false;
  for (int page = 0; page < options_.max_gap_pages; ++page) {
    const auto p =
        co_await api_.messages(room_id, from, since_, 'b', options_.gap_page_limit, gap_filter());
    if (!p) {
      if (!p.failure().refused()) co_return p.failure();
      // A room we may no longer read (403, 404): fill no gap rather than retry forever.
      spdlog::warn("matrix: cannot fill the gap in {}: {}", room_id, p.failure().what);
      co_return std::nullopt;
    }
    if (!gap.add_page(*p)) {
      complete = true;
      break;
    }
    from = p->end;
  }
  if (!complete)
    spdlog::warn("matrix: gap in {} longer than {} pages; older events are left out", room_id,
                 options_.max_gap_pages);
  std::vector<RoomEvent> events = gap.chronological();
  spdlog::info("matrix: filled a gap of {} events in {}", events.size(), room_id);
  room.timeline.events.insert(room.timeline.events.begin(), events.begin(), events.end());
  ++stats_.gaps_filled;
  co_return std::nullopt;
}

asio::awaitable<void> SyncSession::sleep(net::Millis wait) {
  co_await net::sleep_unless(wake_, stopping_, wait);
}

void SyncSession::store_cursor(std::string_view name, const std::string& value) {
  engine_.handle_batch({}, core::IncidentEngine::CursorUpdate{std::string(name), value});
}

}  // namespace scribe::matrix
