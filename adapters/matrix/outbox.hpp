// The core's effects as Matrix requests, queued on net::OutboundQueue: replies
// as m.notice, files as upload + m.file, incident rooms via createRoom, DMs in
// a direct room. Each job keeps its txn ids and the steps it finished, so a
// retry resumes where the last attempt stopped and a repeated PUT is
// recognised by the homeserver instead of posted twice.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/chat/chat_bot.hpp"
#include "adapters/matrix/client_api.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/types.hpp"

namespace scribe::matrix {

inline constexpr std::string_view kDirectRoomCursorPrefix = "matrix.dm.";
inline constexpr std::string_view kDraftMimetype = "text/markdown";

using chat::DraftHandler;

// Txn ids unique to this process: a random prefix (so a restart never reuses
// an id the server remembers) and a counter.
class TxnIds {
 public:
  TxnIds();
  explicit TxnIds(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string next();

 private:
  std::string prefix_;
  std::uint64_t counter_ = 0;
};

// An ephemeral reply has no Matrix equivalent: it becomes a notice in the
// room that names (and mentions) the one person it is for.
core::PostMessage as_public_reply(core::PostMessage message);

// Carries the core's effects out on Matrix; a new incident room is bound to
// its incident before anything said in it can be handled.
std::unique_ptr<chat::EffectSink> make_outbox(ClientApi& api, net::OutboundQueue& queue,
                                              core::IncidentEngine& engine, DraftHandler on_draft);

}  // namespace scribe::matrix
