// OutboundQueue: a deque drained by one coroutine. A job that must wait goes
// back to its place, ahead of its destination's later jobs, which is what
// keeps each destination in order.
#include "adapters/net/outbound_queue.hpp"

#include <spdlog/spdlog.h>


#include <algorithm>
#include <deque>
#include <map>
#include <exception>

namespace scribe::net {
namespace asio = boost::asio;

SendOutcome send_outcome(const HttpResult& result, const RetryPolicy& policy,
                         const RateLimitHint& hint) {
  const Classified verdict = classify(result, policy, hint);
  const std::string what =
      result.ec ? result.ec.message() : "HTTP " + std::to_string(result.status);
  switch (verdict.kind) {
    case ResultKind::success:
      return SendOutcome::done();
    case ResultKind::rate_limited:
      return SendOutcome::retry_after(verdict.wait.value_or(policy.default_rate_limit_wait));
    case ResultKind::transient:
    case ResultKind::shut_down:
      return SendOutcome::transient_failure(what);
    case ResultKind::permanent:
      break;
  }
  return SendOutcome::permanent_failure(what);
}

struct OutboundQueue::Impl {
  struct Entry {
    SendJob job;
    std::string label;
    std::string destination;
    int transient_attempts = 0;
  };

  OutboundQueueOptions options;
  Clock& clock;
  std::deque<Entry> jobs;
  std::map<std::string, TimePoint> held;  // destination -> end of its Retry-After
  bool in_hand = false;
  bool closed = false;
  bool aborted = false;
  bool running = false;
  bool full_logged = false;
  Signal wake;      // push(), close(), abort(): look at the queue again
  Signal finished;  // run() returned
  OutboundQueueStats stats;

  Impl(asio::any_io_executor executor, OutboundQueueOptions opts, Clock& c)
      : options(std::move(opts)), clock(c), wake(executor, c), finished(executor, c) {}

  std::size_t depth() const { return jobs.size() + (in_hand ? 1 : 0); }

  // The first job whose destination is not held (every job before it belongs
  // to a held destination, so taking it keeps each destination in order), or
  // jobs.size(); `next_release` tells when the earliest hold ends.
  std::size_t next_ready(TimePoint now, TimePoint& next_release) {
    std::erase_if(held, [now](const auto& h) { return h.second <= now; });
    next_release = TimePoint::max();
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      auto it = held.find(jobs[i].destination);
      if (it == held.end()) return i;
      next_release = std::min(next_release, it->second);
    }
    return jobs.size();
  }

  // One attempt of `entry`; true when it is settled (sent or skipped), false
  // when it goes back to the queue for another attempt.
  asio::awaitable<bool> attempt(Entry& entry, Backoff& backoff) {
    SendOutcome outcome;
    try {
      outcome = co_await entry.job();
    } catch (const std::exception& e) {  // a bug in one job must not stop the queue
      outcome = SendOutcome::permanent_failure(std::string("job threw: ") + e.what());
    }
    switch (outcome.kind) {
      case SendOutcome::Kind::done:
        ++stats.sent;
        backoff.reset();
        co_return true;
      case SendOutcome::Kind::permanent_failure:
        ++stats.permanent_failures;
        backoff.reset();
        spdlog::warn("{}: skipping '{}': {}", options.name, entry.label, outcome.reason);
        co_return true;
      case SendOutcome::Kind::retry_after: {
        ++stats.rate_limit_waits;
        const Millis pause = std::clamp(outcome.wait, Millis{0}, options.max_rate_limit_wait);
        held[entry.destination] = clock.now() + pause;
        spdlog::info("{}: rate limited on '{}', waiting {} ms ({} queued)", options.name,
                     entry.label, pause.count(), depth());
        co_return false;
      }
      case SendOutcome::Kind::transient_failure:
        break;
    }
    ++entry.transient_attempts;
    if (options.max_transient_attempts > 0 &&
        entry.transient_attempts >= options.max_transient_attempts) {
      ++stats.permanent_failures;
      backoff.reset();
      spdlog::warn("{}: skipping '{}' after {} failed attempts: {}", options.name, entry.label,
                   entry.transient_attempts, outcome.reason);
      co_return true;
    }
    ++stats.transient_retries;
    const Millis pause = backoff.next();
    spdlog::warn("{}: '{}' failed ({}), retrying in {} ms", options.name, entry.label,
                 outcome.reason, pause.count());
    co_await sleep_unless(wake, aborted, pause);  // abort() ends the backoff
    co_return false;
  }

  static asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    if (self->running) {
      spdlog::error("{}: run() called twice; the second call returns at once", self->options.name);
      co_return;
    }
    self->running = true;
    Backoff backoff(self->options.backoff);
    while (!self->aborted) {
      if (self->jobs.empty()) {
        if (self->closed) break;
        co_await self->wake.wait();
        continue;
      }
      TimePoint next_release;
      const std::size_t i = self->next_ready(self->clock.now(), next_release);
      if (i == self->jobs.size()) {  // every destination waits out a Retry-After
        co_await self->wake.wait_until(next_release);
        continue;
      }
      Entry entry = std::move(self->jobs[i]);
      self->jobs.erase(self->jobs.begin() + static_cast<std::ptrdiff_t>(i));
      self->in_hand = true;
      const bool settled = co_await self->attempt(entry, backoff);
      self->in_hand = false;
      // Not settled: back where it was, ahead of its destination's later jobs.
      if (!settled)
        self->jobs.insert(self->jobs.begin() + static_cast<std::ptrdiff_t>(i), std::move(entry));
      if (self->depth() < self->options.capacity) self->full_logged = false;
    }
    if (!self->jobs.empty())
      spdlog::warn("{}: stopped with {} messages unsent", self->options.name, self->jobs.size());
    self->running = false;
    self->finished.notify();
  }
};

OutboundQueue::OutboundQueue(asio::any_io_executor executor, OutboundQueueOptions options,
                             Clock& clock)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options), clock)) {}

OutboundQueue::~OutboundQueue() {
  abort();
}

bool OutboundQueue::push(SendJob job, std::string label, std::string destination) {
  auto& self = *impl_;
  if (self.closed || self.aborted) {
    ++self.stats.rejected_closed;
    spdlog::warn("{}: closed, refusing '{}'", self.options.name, label);
    return false;
  }
  if (self.depth() >= self.options.capacity) {
    ++self.stats.rejected_full;
    if (!self.full_logged) {
      spdlog::warn("{}: queue full ({} messages), refusing new ones until it drains",
                   self.options.name, self.depth());
      self.full_logged = true;
    }
    return false;
  }
  self.jobs.push_back({std::move(job), std::move(label), std::move(destination)});
  self.stats.max_depth = std::max(self.stats.max_depth, self.depth());
  self.wake.notify();
  return true;
}

asio::awaitable<void> OutboundQueue::run() {
  return Impl::run(impl_);
}

asio::awaitable<std::size_t> OutboundQueue::drain(std::function<void()> cut_in_flight) {
  auto self = impl_;
  close();
  const auto budget = self->options.drain_timeout;
  const auto deadline = self->clock.now() + budget;
  if (!self->running) {  // never started (e.g. stopped while signing in)
    if (self->depth() > 0)
      spdlog::warn("{}: stopping with {} outbound messages unsent", self->options.name,
                   self->depth());
    co_return self->depth();
  }
  if (co_await self->finished.wait_while([&] { return self->running; }, deadline)) {
    self->stats.given_up_at_drain += self->depth();
    spdlog::warn("{}: {} messages still queued after {} ms; stopping with {} outbound messages unsent",
                 self->options.name, self->depth(), budget.count(), self->depth());
    abort();
    if (cut_in_flight) cut_in_flight();
    while (self->running) co_await self->finished.wait();
  }
  co_return self->depth();
}

void OutboundQueue::close() {
  impl_->closed = true;
  impl_->wake.notify();
}

void OutboundQueue::abort() {
  impl_->closed = true;
  impl_->aborted = true;
  impl_->wake.notify();
}

std::size_t OutboundQueue::depth() const {
  return impl_->depth();
}
bool OutboundQueue::closed() const {
  return impl_->closed;
}
OutboundQueueStats OutboundQueue::stats() const {
  OutboundQueueStats out = impl_->stats;
  out.depth = impl_->depth();
  return out;
}

std::optional<TimePoint> OutboundQueue::held_until(const std::string& destination) const {
  auto it = impl_->held.find(destination);
  if (it == impl_->held.end() || it->second <= impl_->clock.now()) return std::nullopt;
  return it->second;
}

}  // namespace scribe::net
