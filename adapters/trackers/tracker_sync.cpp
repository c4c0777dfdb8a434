#include "adapters/trackers/tracker_sync.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "bot/core/action_items.hpp"
#include "bot/core/time.hpp"

namespace scribe::trackers {

using boost::asio::awaitable;
using Kind = net::SendOutcome::Kind;

TrackerSync::TrackerSync(boost::asio::any_io_executor executor, core::IncidentEngine& engine,
                         TrackerApi& api, TrackerSyncOptions options, Deliver deliver,
                         net::Clock& clock)
    : engine_(engine),
      api_(api),
      options_(std::move(options)),
      deliver_(std::move(deliver)),
      wake_(std::move(executor), clock) {}

// A call made again after each rate limit it meets: the tracker did nothing
// with a request it refused for the rate, so sending it again is safe.
template <class T>
awaitable<Answer<T>> TrackerSync::patiently(std::function<awaitable<Answer<T>>()> call) {
  for (;;) {
    Answer<T> answer = co_await call();
    if (answer.ok() || answer.failure.kind != Kind::retry_after || stopping_) co_return answer;
    ++stats_.rate_limit_waits;
    spdlog::info("trackers: {} asked to slow down; waiting {} s", api_.system(),
                 std::chrono::duration_cast<std::chrono::seconds>(answer.failure.wait).count());
    co_await net::sleep_unless(wake_, stopping_, answer.failure.wait);
    if (stopping_) co_return answer;
  }
}

void TrackerSync::note_failure(const net::SendOutcome& failure, const std::string& what) {
  if (failure.kind == Kind::permanent_failure) {
    spdlog::warn("trackers: {} {} refused: {}", api_.system(), what, failure.reason);
  } else {
    ++stats_.transient_failures;
    spdlog::warn("trackers: {} {} failed, trying again next round: {}", api_.system(), what,
                 failure.reason);
  }
}

awaitable<std::optional<std::string>> TrackerSync::export_item(const core::ActionItem& item) {
  const core::TrackerIssue issue = engine_.tracker_issue(item);
  const std::string ref = core::action_ref(item.number);
  const auto now = [] { return core::wall_clock_now(); };
  if (item.tracker.state == core::TrackerLink::State::creating) {
    // The last try may have made the issue: look before making another.
    auto found = co_await patiently<std::optional<RemoteIssue>>([&] { return api_.find(issue); });
    if (!found.ok()) {
      note_failure(found.failure, "lookup of " + ref);
      co_return std::nullopt;
    }
    if (*found.value) {
      ++stats_.found_again;
      spdlog::info("trackers: {} was already {} (made before a restart or a lost answer)", ref,
                   (*found.value)->key);
      deliver_(engine_.tracker_export_made(item.number, (*found.value)->key, (*found.value)->url,
                                           now()));
      co_return std::nullopt;
    }
  }
  engine_.tracker_export_starting(item.number);  // committed before the request leaves
  const auto assignee = options_.assignees.find(item.owner);
  const std::string account = assignee == options_.assignees.end() ? "" : assignee->second;
  auto made = co_await patiently<RemoteIssue>([&] { return api_.create(issue, account); });
  if (made.ok()) {
    ++stats_.exported;
    spdlog::info("trackers: {} exported as {}", ref, made.value->key);
    deliver_(engine_.tracker_export_made(item.number, made.value->key, made.value->url, now()));
    co_return std::nullopt;
  }
  note_failure(made.failure, "export of " + ref);
  if (made.failure.kind != Kind::permanent_failure) co_return std::nullopt;
  ++stats_.refused;
  co_return made.failure.reason;
}

awaitable<void> TrackerSync::close_item(const core::ActionItem& item) {
  const std::string ref = core::action_ref(item.number);
  const std::string comment = core::tracker_done_comment(item);
  auto closed = co_await patiently<Nothing>([&] { return api_.close(item.tracker.key, comment); });
  if (closed.ok()) {
    ++stats_.closed;
    spdlog::info("trackers: {} closed ({} done in Scribe)", item.tracker.key, ref);
    engine_.tracker_closed_by_scribe(item.number);
    co_return;
  }
  note_failure(closed.failure, "close of " + item.tracker.key);
  // Refused (the issue was deleted, the token may not write): asking again
  // every round would only repeat the refusal.
  if (closed.failure.kind == Kind::permanent_failure) engine_.tracker_closed_by_scribe(item.number);
}

awaitable<void> TrackerSync::poll(const std::vector<core::ActionItem>& linked) {
  // A minute of overlap: a change made while the last query ran is read twice
  // rather than never (reading a state twice changes nothing).
  const core::Instant started = core::wall_clock_now();
  std::vector<core::TrackerObservation> seen;
  bool complete = true;
  if (last_poll_) {
    auto changed = co_await patiently<std::vector<RemoteIssue>>(
        [&] { return api_.changed_since(*last_poll_ - std::chrono::minutes(1)); });
    if (!changed.ok()) {
      note_failure(changed.failure, "query of changed issues");
      co_return;  // the next poll asks from the same time again
    }
    for (const auto& issue : *changed.value) seen.push_back({issue.key, issue.closed, issue.by});
  } else {
    // No earlier poll to count from (a start, a cron round): each issue that
    // was open there when last seen, one by one.
    for (const auto& item : linked) {
      if (stopping_ || item.tracker.closed) continue;
      auto read = co_await patiently<RemoteIssue>([&] { return api_.read(item.tracker.key); });
      if (!read.ok()) {
        complete = false;
        note_failure(read.failure, "read of " + item.tracker.key);
        continue;
      }
      seen.push_back({item.tracker.key, read.value->closed, read.value->by});
    }
  }
  if (!seen.empty()) deliver_(follow(seen));
  if (complete && !stopping_) last_poll_ = started;
}

std::vector<core::ScheduledEffect> TrackerSync::follow(
    const std::vector<core::TrackerObservation>& seen) {
  auto effects = engine_.tracker_observed(seen, core::wall_clock_now());
  stats_.followed += effects.size();
  return effects;
}

awaitable<void> TrackerSync::round(bool poll_too) {
  const core::TrackerWork work = engine_.tracker_work();
  if (!work.exports.empty() || !work.closes.empty())
    spdlog::debug("trackers: {} exports and {} closes to make", work.exports.size(),
                  work.closes.size());
  std::map<std::string, std::vector<std::int64_t>> refused;  // by the tracker's reason
  for (const auto& item : work.exports) {
    if (stopping_) break;
    if (auto why = co_await export_item(item)) refused[*why].push_back(item.number);
  }
  for (const auto& [why, items] : refused)
    deliver_(engine_.tracker_exports_refused(items, why, core::wall_clock_now()));
  if (stopping_) co_return;
  for (const auto& item : work.closes) {
    if (stopping_) co_return;
    co_await close_item(item);
  }
  if (poll_too) co_await poll(engine_.tracker_linked());
}

awaitable<void> TrackerSync::run() {
  auto next_poll = wake_.now();
  while (!stopping_) {
    const bool poll_now = options_.sync_every.count() > 0 && wake_.now() >= next_poll;
    try {
      co_await round(poll_now);
    } catch (const std::exception& e) {
      // A storage error in one round must not end the loop: the next may work.
      spdlog::error("trackers: a round failed: {}", e.what());
    }
    if (poll_now) next_poll = wake_.now() + options_.sync_every;
    if (stopping_) break;
    co_await wake_.wait_for(options_.check_every);
  }
}

void TrackerSync::stop() {
  stopping_ = true;
  wake_.notify();
  api_.shutdown();
}

}  // namespace scribe::trackers
