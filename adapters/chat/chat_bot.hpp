// What every chat platform adapter is to the application, and the one place
// the core's effects are told apart. A platform implements ChatBot (run until
// stop(), drain, report) and an EffectSink (one job per effect on its
// net::OutboundQueue); `scribe run` holds the bots as ChatBots.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>
#include <vector>

#include "adapters/net/outbound_queue.hpp"
#include "bot/core/types.hpp"

namespace scribe::chat {

using DraftHandler = std::function<void(const core::DraftReady&)>;

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
  virtual net::OutboundQueueStats outbound() const = 0;
};

// Carries the core's effects out on one platform: each kind to its handler,
// DraftReady to the application's handler at once (a failure is logged, not
// thrown: the draft is stored already, only the file copy is missing).
class EffectSink {
 public:
  EffectSink(std::string platform, DraftHandler on_draft);
  virtual ~EffectSink() = default;

  void deliver(std::vector<core::Outbound> effects);

 protected:
  virtual void post_message(core::PostMessage message) = 0;
  virtual void post_file(core::PostFile file) = 0;
  virtual void open_channel(core::OpenChannel open) = 0;
  virtual void direct_message(core::DirectMessage dm) = 0;

 private:
  void draft_ready(const core::DraftReady& draft);

  std::string platform_;
  DraftHandler on_draft_;
};

}  // namespace scribe::chat
