#include "adapters/matrix/outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>

#include "adapters/matrix/content.hpp"

namespace scribe::matrix {
namespace asio = boost::asio;

namespace {

// One request of a job: done, or the outcome that ends this attempt. A refused
// token is permanent here; the sync loop is the one that stops the bot for it.
net::SendOutcome outcome_of(const net::HttpResult& result) {
  if (result.ok()) return net::SendOutcome::done();
  net::SendOutcome outcome = net::send_outcome(result, {}, rate_limit_hint());
  if (outcome.kind == net::SendOutcome::Kind::permanent_failure)
    outcome.reason = describe_result(result);
  return outcome;
}

// PUT one event with a txn id fixed for the job's lifetime.
asio::awaitable<net::SendOutcome> send_event(ClientApi& api, std::string room, std::string txn,
                                             std::string content) {
  const net::HttpResult result = co_await api.once(api.send_request(room, txn, content));
  co_return outcome_of(result);
}

// A 2xx body's one string field, or a permanent failure when it is missing.
std::optional<std::string> field_of(const net::HttpResult& result, std::string_view field) {
  try {
    return decode_string_field(result.body, field);
  } catch (const DecodeError&) {
    return std::nullopt;
  }
}

}  // namespace

TxnIds::TxnIds() {
  std::random_device random;
  const std::uint64_t bits = (static_cast<std::uint64_t>(random()) << 32) | random();
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 12; ++i) prefix_ += kHex[(bits >> (4 * i)) & 0xF];
}

std::string TxnIds::next() {
  return "scribe." + prefix_ + "." + std::to_string(++counter_);
}

core::PostMessage as_public_reply(core::PostMessage message) {
  if (message.ephemeral_to.empty()) return message;
  const std::string user = message.ephemeral_to;
  message.text = user + ": " + message.text;
  if (std::find(message.mentions.begin(), message.mentions.end(), user) == message.mentions.end())
    message.mentions.insert(message.mentions.begin(), user);
  message.ephemeral_to.clear();
  return message;
}

namespace {

// Synapse rate-limits messages per account: every job has the one destination.
class Outbox final : public chat::EffectSink {
 public:
  Outbox(ClientApi& api, net::OutboundQueue& queue, core::IncidentEngine& engine,
         DraftHandler on_draft)
      : EffectSink("matrix", queue, std::move(on_draft)), api_(api), engine_(engine) {}

 private:
  ClientApi& api_;
  core::IncidentEngine& engine_;
  TxnIds txn_ids_;
  std::map<std::string, std::string> direct_rooms_;  // user -> room, also kept as cursors

  void post_message(core::PostMessage message) override {
    message = as_public_reply(std::move(message));
    const std::string room = message.channel;
    auto content = std::make_shared<std::string>(notice_content(message.text, message.mentions));
    push([this, room, txn = txn_ids_.next(),
          content]() { return send_event(api_, room, txn, *content); },
         "notice in " + room);
  }

  void post_file(core::PostFile file) override {
    struct State {
      core::PostFile file;
      std::string txn_file, txn_comment;
      std::string mxc;
      bool file_sent = false;
    };
    const std::string label = "file " + file.filename + " in " + file.channel;
    push_steps(
        State{std::move(file), txn_ids_.next(), txn_ids_.next(), {}, false},
        [this](State& s) -> asio::awaitable<net::SendOutcome> {
          if (s.mxc.empty()) {
            const auto uploaded = co_await api_.once(
                api_.upload_request(s.file.filename, std::string(kDraftMimetype), s.file.content));
            if (!uploaded.ok()) co_return outcome_of(uploaded);
            auto uri = field_of(uploaded, "content_uri");
            if (!uri)
              co_return net::SendOutcome::permanent_failure("upload answer without content_uri");
            s.mxc = *uri;
          }
          if (!s.file_sent) {
            const auto sent = co_await send_event(
                api_, s.file.channel, s.txn_file,
                file_content(s.file.filename, s.mxc, kDraftMimetype, s.file.content.size()));
            if (sent.kind != net::SendOutcome::Kind::done) co_return sent;
            s.file_sent = true;
          }
          if (s.file.comment.empty()) co_return net::SendOutcome::done();
          const std::vector<std::string> nobody;
          co_return co_await send_event(api_, s.file.channel, s.txn_comment,
                                        notice_content(s.file.comment, nobody));
        },
        label);
  }

  void open_channel(core::OpenChannel open) override {
    struct State {
      core::OpenChannel open;
      std::string txn;
      std::string room;
      bool bound = false;
    };
    const std::string label = "room " + open.name + " for " + core::incident_ref(open.incident);
    push_steps(
        State{std::move(open), txn_ids_.next(), {}, false},
        [this](State& s) -> asio::awaitable<net::SendOutcome> {
          if (s.room.empty()) {
            const auto created = co_await api_.once(api_.create_room_request(incident_room_request(
                s.open.name, core::incident_ref(s.open.incident) + " incident room",
                s.open.invite)));
            if (!created.ok()) co_return outcome_of(created);
            auto room = field_of(created, "room_id");
            if (!room)
              co_return net::SendOutcome::permanent_failure("createRoom answer without room_id");
            s.room = *room;
            spdlog::info("matrix: created {} ({}) for {}", s.open.name, s.room,
                         core::incident_ref(s.open.incident));
          }
          if (!s.bound) {
            // No suspension between createRoom's answer and this: nothing said in
            // the new room can be handled before the incident knows its room.
            engine_.bind_channel(s.open.incident, s.room);
            s.bound = true;
          }
          co_return co_await send_event(api_, s.room, s.txn,
                                        notice_content(s.open.announcement, s.open.invite));
        },
        label);
  }

  void direct_message(core::DirectMessage dm) override {
    struct State {
      core::DirectMessage dm;
      std::string txn;
      std::string room;
    };
    const std::string label = "direct message to " + dm.user;
    push_steps(
        State{std::move(dm), txn_ids_.next(), {}},
        [this](State& s) -> asio::awaitable<net::SendOutcome> {
          const std::string cursor = std::string(kDirectRoomCursorPrefix) + s.dm.user;
          if (s.room.empty()) {
            if (auto it = direct_rooms_.find(s.dm.user); it != direct_rooms_.end())
              s.room = it->second;
            else if (auto stored = engine_.cursor(cursor); stored && !stored->empty())
              s.room = direct_rooms_[s.dm.user] = *stored;
          }
          if (s.room.empty()) {
            const auto created =
                co_await api_.once(api_.create_room_request(direct_room_request(s.dm.user)));
            if (!created.ok()) co_return outcome_of(created);
            auto room = field_of(created, "room_id");
            if (!room)
              co_return net::SendOutcome::permanent_failure("createRoom answer without room_id");
            s.room = direct_rooms_[s.dm.user] = *room;
            engine_.handle_batch({}, core::IncidentEngine::CursorUpdate{cursor, s.room});
          }
          const std::vector<std::string> mentions{s.dm.user};
          co_return co_await send_event(api_, s.room, s.txn, notice_content(s.dm.text, mentions));
        },
        label);
  }
};

}  // namespace

std::unique_ptr<chat::EffectSink> make_outbox(ClientApi& api, net::OutboundQueue& queue,
                                              core::IncidentEngine& engine, DraftHandler on_draft) {
  return std::make_unique<Outbox>(api, queue, engine, std::move(on_draft));
}

}  // namespace scribe::matrix
