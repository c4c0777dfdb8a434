// Private to the Slack adapter: coroutines started in the background and a
// way to wait until every one of them has finished, so an object never goes
// away under a coroutine that still uses it. Also a wake-up signal for one
// waiting coroutine. All on the one io_context thread.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <exception>
#include <memory>
#include <set>
#include <string>

#include <spdlog/spdlog.h>

namespace scribe::slack {

// Wakes coroutines parked in wait(); a notify() with nobody waiting is not
// remembered, so waiters check their condition before and after waiting.
class Signal {
 public:
  explicit Signal(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

  void notify() {
    for (auto* t : waiting_) t->cancel();
  }
  // Returns on notify() or at `deadline`.
  boost::asio::awaitable<void> wait_until(std::chrono::steady_clock::time_point deadline) {
    boost::asio::steady_timer timer(executor_, deadline);
    waiting_.insert(&timer);
    boost::system::error_code ignored;
    co_await timer.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
    waiting_.erase(&timer);
  }
  boost::asio::awaitable<void> wait() {
    co_await wait_until(std::chrono::steady_clock::time_point::max());
  }

 private:
  boost::asio::any_io_executor executor_;
  std::set<boost::asio::steady_timer*> waiting_;
};

class TaskGroup {
 public:
  explicit TaskGroup(boost::asio::any_io_executor executor)
      : executor_(executor), state_(std::make_shared<State>(executor)) {}

  // Starts `task`; an exception escaping it is logged, never rethrown.
  void spawn(boost::asio::awaitable<void> task, std::string name) {
    ++state_->running;
    boost::asio::co_spawn(executor_, std::move(task),
                          [state = state_, name = std::move(name)](std::exception_ptr e) {
                            if (e) {
                              try {
                                std::rethrow_exception(e);
                              } catch (const std::exception& ex) {
                                spdlog::error("slack: {} failed: {}", name, ex.what());
                              } catch (...) {
                                spdlog::error("slack: {} failed", name);
                              }
                            }
                            if (--state->running == 0) state->idle.notify();
                          });
  }
  std::size_t running() const { return state_->running; }
  // Returns once no task is running.
  boost::asio::awaitable<void> join() {
    auto state = state_;
    while (state->running > 0) co_await state->idle.wait();
  }

 private:
  struct State {
    explicit State(boost::asio::any_io_executor ex) : idle(std::move(ex)) {}
    std::size_t running = 0;
    Signal idle;
  };
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
};

}  // namespace scribe::slack
