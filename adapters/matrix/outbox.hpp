// The core's effects as Matrix requests, queued on net::OutboundQueue: replies
// as m.notice, files as upload + m.file, incident rooms via createRoom, DMs in
// a direct room. Each job keeps its txn ids and the steps it finished, so a
// retry resumes where the last attempt stopped and a repeated PUT is
// recognised by the homeserver instead of posted twice.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "adapters/matrix/client_api.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/types.hpp"

namespace scribe::matrix {

inline constexpr std::string_view kDirectRoomCursorPrefix = "matrix.dm.";
inline constexpr std::string_view kDraftMimetype = "text/markdown";

using DraftHandler = std::function<void(const core::DraftReady&)>;

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

class Outbox {
 public:
  Outbox(ClientApi& api, net::OutboundQueue& queue, core::IncidentEngine& engine,
         DraftHandler on_draft);

  // Queues what each effect asks for; DraftReady goes to the handler at once.
  void deliver(const std::vector<core::Outbound>& effects);

  std::uint64_t refused() const { return refused_; }  // jobs the queue would not take

 private:
  void post_message(core::PostMessage message);
  void post_file(core::PostFile file);
  void open_channel(core::OpenChannel open);
  void direct_message(core::DirectMessage dm);
  void push(net::SendJob job, std::string label);

  ClientApi& api_;
  net::OutboundQueue& queue_;
  core::IncidentEngine& engine_;
  DraftHandler on_draft_;
  TxnIds txn_ids_;
  std::map<std::string, std::string> direct_rooms_;  // user -> room, also kept as cursors
  std::uint64_t refused_ = 0;
};

}  // namespace scribe::matrix
