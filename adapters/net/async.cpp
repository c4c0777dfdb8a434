#include "adapters/net/async.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>

namespace scribe::net {
namespace asio = boost::asio;

namespace {

class SteadyTime final : public Clock {
 public:
  TimePoint now() const override { return SteadyClock::now(); }
  void arm(Waiter& waiter, TimePoint deadline) override { waiter.timer.expires_at(deadline); }
  void watch(Waiter*) override {}
  void unwatch(const Waiter*) override {}
};

}  // namespace

Clock& Clock::steady() {
  static SteadyTime clock;
  return clock;
}

ManualClock::ManualClock(TimePoint start) : now_(start) {}

TimePoint ManualClock::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void ManualClock::advance(SteadyClock::duration by) {
  std::vector<std::pair<Waiter*, asio::any_io_executor>> due;
  {
    std::lock_guard lock(mutex_);
    now_ += by;
    for (const auto& w : watched_)
      if (w.deadline <= now_) due.emplace_back(w.waiter, w.waiter->timer.get_executor());
  }
  // The timers belong to the io_context thread: cancel them there, if they
  // still wait by then. The waiter reads now() again and returns or waits on.
  for (auto& [waiter, executor] : due)
    asio::post(executor, [this, waiter] { wake_if_watched(waiter); });
}

void ManualClock::wake_if_watched(Waiter* waiter) {
  {
    std::lock_guard lock(mutex_);
    if (std::none_of(watched_.begin(), watched_.end(),
                     [waiter](const Watched& w) { return w.waiter == waiter; }))
      return;
  }
  // unwatch() runs on this same thread, so the waiter is alive here.
  waiter->timer.cancel();
}

std::size_t ManualClock::waiters() const {
  std::lock_guard lock(mutex_);
  return watched_.size();
}

std::optional<TimePoint> ManualClock::next_deadline() const {
  std::lock_guard lock(mutex_);
  std::optional<TimePoint> next;
  for (const auto& w : watched_)
    if (w.deadline != TimePoint::max() && (!next || w.deadline < *next))
      next = w.deadline;
  return next;
}

void ManualClock::arm(Waiter& waiter, TimePoint deadline) {
  {
    std::lock_guard lock(mutex_);
    for (auto& w : watched_)
      if (w.waiter == &waiter) w.deadline = deadline;
  }
  waiter.timer.expires_at(TimePoint::max());  // advance() or a notify() ends it
}

void ManualClock::watch(Waiter* waiter) {
  std::lock_guard lock(mutex_);
  watched_.push_back({waiter, TimePoint::max()});
}

void ManualClock::unwatch(const Waiter* waiter) {
  std::lock_guard lock(mutex_);
  std::erase_if(watched_, [waiter](const Watched& w) { return w.waiter == waiter; });
}

Signal::Signal(asio::any_io_executor executor, Clock& clock)
    : executor_(std::move(executor)), clock_(clock) {}

void Signal::notify() {
  for (auto* waiter : waiting_) {
    waiter->woken = true;
    waiter->timer.cancel();
  }
}

asio::awaitable<bool> Signal::wait_until(TimePoint deadline) {
  // In the coroutine frame, not on the heap: this is on every hot path.
  Waiter waiter(executor_);
  struct Parked {
    Signal& signal;
    Waiter* waiter;
    ~Parked() {
      signal.waiting_.erase(waiter);
      signal.clock_.unwatch(waiter);
    }
  } parked{*this, &waiter};
  waiting_.insert(&waiter);
  clock_.watch(&waiter);  // before now() is read, so an advance() in between is not missed
  while (!waiter.woken && clock_.now() < deadline) {
    clock_.arm(waiter, deadline);
    boost::system::error_code ignored;  // cancellation is the wake-up
    co_await waiter.timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  co_return waiter.woken;
}

asio::awaitable<bool> Signal::wait_for(SteadyClock::duration duration) {
  co_return co_await wait_until(clock_.now() + duration);
}

asio::awaitable<void> Signal::wait() {
  co_await wait_until(TimePoint::max());
}

asio::awaitable<bool> Signal::wait_while(std::function<bool()> condition, TimePoint deadline) {
  while (condition() && clock_.now() < deadline) co_await wait_until(deadline);
  co_return condition();
}

asio::awaitable<void> sleep_unless(Signal& wake, const bool& stopping,
                                   SteadyClock::duration duration) {
  co_await wake.wait_while([&stopping] { return !stopping; }, wake.now() + duration);
}

asio::awaitable<void> FifoLock::lock() {
  if (!held_) {
    held_ = true;
    co_return;
  }
  Waiter waiter(executor_);
  struct InLine {  // the frame may be destroyed while waiting
    std::deque<Waiter*>& waiting;
    Waiter* waiter;
    ~InLine() { std::erase(waiting, waiter); }
  } in_line{waiting_, &waiter};
  waiting_.push_back(&waiter);
  while (!waiter.woken) {
    waiter.timer.expires_at(TimePoint::max());
    boost::system::error_code ignored;  // cancellation is the hand-over
    co_await waiter.timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
}

void FifoLock::unlock() {
  if (waiting_.empty()) {
    held_ = false;
    return;
  }
  Waiter* next = waiting_.front();  // the lock passes straight to it
  waiting_.pop_front();
  next->woken = true;
  next->timer.cancel();
}

asio::awaitable<FifoLock::Held> FifoLock::scoped() {
  co_await lock();
  co_return Held{this};
}

struct TaskGroup::State {
  explicit State(asio::any_io_executor ex) : idle(std::move(ex)) {}
  std::size_t running = 0;
  Signal idle;
};

TaskGroup::TaskGroup(asio::any_io_executor executor, std::string owner)
    : executor_(executor), owner_(std::move(owner)), state_(std::make_shared<State>(executor)) {}

void TaskGroup::spawn(asio::awaitable<void> task, std::string name) {
  ++state_->running;
  asio::co_spawn(executor_, std::move(task),
                 [state = state_, owner = owner_, name = std::move(name)](std::exception_ptr e) {
                   if (e) {
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       spdlog::error("{}: {} failed: {}", owner, name, ex.what());
                     } catch (...) {
                       spdlog::error("{}: {} failed", owner, name);
                     }
                   }
                   if (--state->running == 0) state->idle.notify();
                 });
}

std::size_t TaskGroup::running() const {
  return state_->running;
}

asio::awaitable<void> TaskGroup::join() {
  auto state = state_;
  while (state->running > 0) co_await state->idle.wait();
}

}  // namespace scribe::net
