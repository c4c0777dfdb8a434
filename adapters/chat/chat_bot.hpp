// What every chat platform adapter is to the application, and the one place
// the core's effects are told apart. A platform implements ChatBot (run until
// stop(), drain, report) and an EffectSink (one job per effect on its
// net::OutboundQueue); `scribe run` holds the bots as ChatBots.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/net/outbound_queue.hpp"
#include "bot/core/types.hpp"

namespace scribe::chat {

using DraftHandler = std::function<void(const core::DraftReady&)>;

// Counters every platform keeps, under one name each.
struct BotStats {
  std::uint64_t duplicates = 0;        // events seen before and not applied again
  std::uint64_t reconnects = 0;        // connections (or syncs) retried after a failure
  std::uint64_t rate_limit_waits = 0;  // inbound, API calls and outbound jobs together
  net::OutboundQueueStats outbound;
};

class ChatBot {
 public:
  virtual ~ChatBot() = default;

  // Signs in and serves until stop(), then drains the outbound queue (within
  // its drain_timeout) and returns. Throws the platform's fatal error (a
  // refused token) with a one-line reason. Call once.
  virtual boost::asio::awaitable<void> run() = 0;
  virtual void stop() = 0;
  virtual bool connected() const = 0;
  // Effects produced outside an inbound event (reminders, `scribe draft`),
  // sent like any other.
  virtual void deliver(std::vector<core::Outbound> effects) = 0;
};

// Carries the core's effects out on one platform: each kind to its handler,
// DraftReady to the application's handler at once (a failure is logged, not
// thrown: the draft is stored already, only the file copy is missing).
class EffectSink {
 public:
  EffectSink(std::string platform, net::OutboundQueue& queue, DraftHandler on_draft);
  virtual ~EffectSink() = default;

  void deliver(std::vector<core::Outbound> effects);

 protected:
  // Queues one job; `destination` is what the platform rate-limits on its own
  // (see OutboundQueue). A refusal (full, stopping) is counted by the queue.
  void push(net::SendJob job, std::string label, std::string destination = {});
  // A job of several requests whose progress must survive its retries (a
  // channel created is not created again): every attempt calls
  // `steps(State&) -> awaitable<SendOutcome>` on the same state.
  template <class State, class Steps>
  void push_steps(State state, Steps steps, std::string label, std::string destination = {}) {
    auto shared = std::make_shared<State>(std::move(state));
    push([shared, steps = std::move(steps)]() { return steps(*shared); }, std::move(label),
         std::move(destination));
  }

 private:
  virtual void post_message(core::PostMessage message) = 0;
  virtual void post_file(core::PostFile file) = 0;
  virtual void open_channel(core::OpenChannel open) = 0;
  virtual void direct_message(core::DirectMessage dm) = 0;
  void draft_ready(const core::DraftReady& draft);

  std::string platform_;
  net::OutboundQueue& queue_;
  DraftHandler on_draft_;
};

}  // namespace scribe::chat
