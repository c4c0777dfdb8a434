// The waiting every adapter does, written once: a clock to read and to wait
// on, a signal that wakes waiting coroutines early, and a group of background
// coroutines that can be joined. All of it runs on the one io_context thread,
// except ManualClock::advance(), which a test may call from its own thread.
//
// Waits are on a Clock, so a test can drive time instead of sleeping:
//
//   net::ManualClock clock;
//   net::OutboundQueue queue(io.get_executor(), options, clock);
//   ...                                   // a job answers "retry after 30 s"
//   REQUIRE(testing::run_until(io, [&] { return clock.next_deadline(); }));
//   CHECK(*clock.next_deadline() - clock.now() == 30s);   // the queue is parked
//   clock.advance(30s);                   // and the job runs again, at once
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace scribe::net {

using SteadyClock = std::chrono::steady_clock;
using TimePoint = SteadyClock::time_point;

// One coroutine parked on a clock (internal to Signal and the clocks).
struct Waiter {
  explicit Waiter(boost::asio::any_io_executor executor) : timer(std::move(executor)) {}
  boost::asio::steady_timer timer;
  bool woken = false;
};

class Clock {
 public:
  virtual ~Clock() = default;
  // std::chrono::steady_clock, as every wait outside tests uses.
  static Clock& steady();

  virtual TimePoint now() const = 0;

  // For Signal: sets `waiter`'s timer so that it fires at `deadline`, or when
  // now() must be read again; registers it while it waits.
  virtual void arm(Waiter& waiter, TimePoint deadline) = 0;
  virtual void watch(Waiter* waiter) = 0;
  virtual void unwatch(const Waiter* waiter) = 0;
};

// Time that moves only when the test says so. Every wait on it sleeps until
// advance() or set() passes its deadline (or it is woken otherwise).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{} + std::chrono::hours(24));

  TimePoint now() const override;
  // Moves time forward and lets every waiter look at it again. Thread-safe.
  void advance(SteadyClock::duration by);

  // Coroutines waiting on this clock now, and the earliest deadline among
  // them (nullopt when none waits with a deadline).
  std::size_t waiters() const;
  std::optional<TimePoint> next_deadline() const;

  void arm(Waiter& waiter, TimePoint deadline) override;
  void watch(Waiter* waiter) override;
  void unwatch(const Waiter* waiter) override;

 private:
  // Run on the waiter's thread: cancels it if it still waits here.
  void wake_if_watched(Waiter* waiter);

  mutable std::mutex mutex_;
  TimePoint now_;
  struct Watched {
    Waiter* waiter;
    TimePoint deadline;
  };
  std::vector<Watched> watched_;
};

// Wakes the coroutines parked in it; a notify() with nobody waiting is not
// remembered, so a waiter checks its condition before and after it waits.
class Signal {
 public:
  explicit Signal(boost::asio::any_io_executor executor, Clock& clock = Clock::steady());
  Signal(const Signal&) = delete;
  Signal& operator=(const Signal&) = delete;

  void notify();
  // Returns true when notify()ed, false when `deadline` came first.
  boost::asio::awaitable<bool> wait_until(TimePoint deadline);
  boost::asio::awaitable<bool> wait_for(SteadyClock::duration duration);
  boost::asio::awaitable<void> wait();  // until notify()
  // Waits while `condition` holds, looking again at each notify(), until
  // `deadline`: the one "wait for this, but not past then" of the adapters.
  // Returns whether the condition still held at the end.
  boost::asio::awaitable<bool> wait_while(std::function<bool()> condition, TimePoint deadline);

  Clock& clock() const { return clock_; }
  TimePoint now() const { return clock_.now(); }

 private:
  boost::asio::any_io_executor executor_;
  Clock& clock_;
  std::set<Waiter*> waiting_;
};

// Sleeps for `duration` unless `*stopping` becomes true and `wake` is notified
// first: the cancellable wait of every retry and reconnect loop.
boost::asio::awaitable<void> sleep_unless(Signal& wake, const bool& stopping,
                                          SteadyClock::duration duration);

// One coroutine at a time, in the order they asked (a websocket's writes
// must not interleave, and should leave in call order). unlock() hands the
// lock straight to the next in line.
class FifoLock {
 public:
  explicit FifoLock(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}
  FifoLock(const FifoLock&) = delete;
  FifoLock& operator=(const FifoLock&) = delete;

  boost::asio::awaitable<void> lock();
  void unlock();

  // Unlocks when it goes out of scope: `auto held = co_await lock.scoped();`.
  struct Held {
    FifoLock* lock;
    explicit Held(FifoLock* held) : lock(held) {}
    Held(const Held&) = delete;
    Held(Held&& other) noexcept : lock(std::exchange(other.lock, nullptr)) {}
    ~Held() {
      if (lock) lock->unlock();
    }
  };
  boost::asio::awaitable<Held> scoped();

 private:
  boost::asio::any_io_executor executor_;
  bool held_ = false;
  std::deque<Waiter*> waiting_;
};

// Coroutines started in the background, and a way to wait until all of them
// have finished, so an object never goes away under one that still uses it.
class TaskGroup {
 public:
  // `owner` starts the log line of a task that fails ("slack: …").
  TaskGroup(boost::asio::any_io_executor executor, std::string owner);

  // Starts `task`; an exception escaping it is logged, never rethrown.
  void spawn(boost::asio::awaitable<void> task, std::string name);
  std::size_t running() const;
  // Returns once no task is running.
  boost::asio::awaitable<void> join();

 private:
  struct State;
  boost::asio::any_io_executor executor_;
  std::string owner_;
  std::shared_ptr<State> state_;
};

}  // namespace scribe::net
