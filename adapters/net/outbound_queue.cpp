// OutboundQueue: a deque drained by one coroutine. The waiting job stays the
// head of the line through rate-limit waits and backoffs, which is what keeps
// messages in order.
#include "adapters/net/outbound_queue.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
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
  };

  OutboundQueueOptions options;
  std::deque<Entry> jobs;
  bool in_hand = false;
  bool closed = false;
  bool aborted = false;
  bool running = false;
  bool full_logged = false;
  asio::steady_timer wake;   // parked while idle; push()/close()/abort() cancel it
  asio::steady_timer delay;  // rate-limit and backoff waits; abort() cancels it
  OutboundQueueStats stats;

  Impl(asio::any_io_executor executor, OutboundQueueOptions opts)
      : options(std::move(opts)), wake(executor), delay(executor) {}

  std::size_t depth() const { return jobs.size() + (in_hand ? 1 : 0); }

  asio::awaitable<void> wait(asio::steady_timer& timer, asio::steady_timer::duration duration) {
    boost::system::error_code ignored;  // cancellation is the wake-up signal
    timer.expires_after(duration);
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }

  // Runs one job until it is done, skipped, or abort() interrupts; false then.
  asio::awaitable<bool> attempt_until_settled(Entry& entry, Backoff& backoff) {
    int transient_attempts = 0;
    for (;;) {
      SendOutcome outcome;
      try {
        outcome = co_await entry.job();
      } catch (const std::exception& e) {  // a bug in one job must not stop the queue
        outcome = SendOutcome::permanent_failure(std::string("job threw: ") + e.what());
      }
      Millis pause{0};
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
        case SendOutcome::Kind::retry_after:
          ++stats.rate_limit_waits;
          pause = std::clamp(outcome.wait, Millis{0}, options.max_rate_limit_wait);
          spdlog::info("{}: rate limited on '{}', waiting {} ms ({} queued)", options.name,
                       entry.label, pause.count(), depth());
          break;
        case SendOutcome::Kind::transient_failure:
          ++transient_attempts;
          if (options.max_transient_attempts > 0 &&
              transient_attempts >= options.max_transient_attempts) {
            ++stats.permanent_failures;
            backoff.reset();
            spdlog::warn("{}: skipping '{}' after {} failed attempts: {}", options.name,
                         entry.label, transient_attempts, outcome.reason);
            co_return true;
          }
          ++stats.transient_retries;
          pause = backoff.next();
          spdlog::warn("{}: '{}' failed ({}), retrying in {} ms", options.name, entry.label,
                       outcome.reason, pause.count());
          break;
      }
      if (aborted) co_return false;
      co_await wait(delay, pause);
      if (aborted) co_return false;
    }
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
        co_await self->wait(self->wake, asio::steady_timer::duration::max());
        continue;
      }
      Entry entry = std::move(self->jobs.front());
      self->jobs.pop_front();
      self->in_hand = true;
      const bool settled = co_await self->attempt_until_settled(entry, backoff);
      self->in_hand = false;
      if (!settled) self->jobs.push_front(std::move(entry));  // aborted: still unsent
      if (self->depth() < self->options.capacity) self->full_logged = false;
    }
    if (!self->jobs.empty())
      spdlog::warn("{}: stopped with {} messages unsent", self->options.name, self->jobs.size());
    self->running = false;
  }
};

OutboundQueue::OutboundQueue(asio::any_io_executor executor, OutboundQueueOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

OutboundQueue::~OutboundQueue() {
  abort();
}

bool OutboundQueue::push(SendJob job, std::string label) {
  auto& self = *impl_;
  if (self.closed || self.aborted) {
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
  self.jobs.push_back({std::move(job), std::move(label)});
  self.stats.max_depth = std::max(self.stats.max_depth, self.depth());
  self.wake.cancel();
  return true;
}

asio::awaitable<void> OutboundQueue::run() {
  return Impl::run(impl_);
}

void OutboundQueue::close() {
  impl_->closed = true;
  impl_->wake.cancel();
}

void OutboundQueue::abort() {
  impl_->closed = true;
  impl_->aborted = true;
  impl_->wake.cancel();
  impl_->delay.cancel();
}

std::size_t OutboundQueue::depth() const {
  return impl_->depth();
}
bool OutboundQueue::closed() const {
  return impl_->closed;
}
OutboundQueueStats OutboundQueue::stats() const {
  return impl_->stats;
}

}  // namespace scribe::net
