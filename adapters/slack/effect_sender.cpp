#include "adapters/slack/effect_sender.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <memory>
#include <set>

namespace scribe::slack {

namespace asio = boost::asio;
using net::SendOutcome;

namespace {

bool id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

// Not worth stopping a multi-step effect for; the next step still runs.
bool retry_worthy(const ApiReply& r) {
  return r.retry_after || r.transient;
}

struct OpenState {
  core::OpenChannel effect;
  int step = 0;
  int attempt = 1;
  std::string channel{};
};

struct DmState {
  core::DirectMessage effect;
  std::string channel{};
};

struct FileState {
  core::PostFile effect;
  int step = 0;
  std::string upload_url{};
  std::string file_id{};
  int upload_failures = 0;
};

}  // namespace

std::string slack_text(const std::string& text, const std::vector<std::string>& mentions) {
  const std::set<std::string> named(mentions.begin(), mentions.end());
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@' || (i > 0 && text[i - 1] == '<')) {
      out += text[i];
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && id_char(text[end])) ++end;
    const std::string id = text.substr(i + 1, end - i - 1);
    const bool word_ends =
        end == text.size() ||
        !(std::islower(static_cast<unsigned char>(text[end])) || text[end] == '_');
    const bool looks_like_id = id.size() >= 6 && (id[0] == 'U' || id[0] == 'W');
    if (!id.empty() && word_ends && (named.contains(id) || looks_like_id)) {
      out += "<@" + id + ">";
      i = end - 1;
    } else {
      out += '@';
    }
  }
  return out;
}

std::string numbered_channel_name(const std::string& name, int attempt) {
  static constexpr std::size_t kMax = 80;
  if (attempt <= 1) return name.substr(0, kMax);
  const std::string suffix = "-" + std::to_string(attempt);
  std::string base = name.substr(0, kMax - suffix.size());
  while (!base.empty() && base.back() == '-') base.pop_back();
  return base + suffix;
}

namespace {

// Each job's destination is what Slack rate-limits separately: the channel
// for chat.postMessage and uploads, the method for conversations.create.
class EffectSender final : public chat::EffectSink {
 public:
  EffectSender(WebApiClient& api, net::OutboundQueue& queue, BindChannel bind,
               DraftHandler on_draft)
      : EffectSink("slack", queue, std::move(on_draft)), api_(api), bind_(std::move(bind)) {}

 private:
  WebApiClient& api_;
  BindChannel bind_;

  void post_message(core::PostMessage m) override {
    const std::string label =
        (m.ephemeral_to.empty() ? "chat.postMessage " : "chat.postEphemeral ") + m.channel;
    const std::string channel = m.channel;
    push_steps(
        std::move(m),
        [this](const core::PostMessage& m) -> asio::awaitable<SendOutcome> {
          Args args{{"channel", m.channel}, {"text", slack_text(m.text, m.mentions)}};
          if (!m.ephemeral_to.empty()) args.emplace_back("user", m.ephemeral_to);
          co_return (co_await api_.call(
                         m.ephemeral_to.empty() ? "chat.postMessage" : "chat.postEphemeral", args))
              .outcome();
        },
        label, channel);
  }

  void open_channel(core::OpenChannel o) override {
    const std::string label = "open #" + o.name + " for " + core::incident_ref(o.incident);
    push_steps(
        OpenState{std::move(o)},
        [this](OpenState& s) -> asio::awaitable<SendOutcome> {
          const auto& o = s.effect;
          while (s.step == 0) {
            const std::string name = numbered_channel_name(o.name, s.attempt);
            const Args args{{"name", name}};
            ApiReply r = co_await api_.call("conversations.create", args);
            if (r.error == "name_taken" && s.attempt < 100) {
              ++s.attempt;
              continue;
            }
            if (!r.ok) co_return r.outcome();
            s.channel = read_channel(r).id;
            if (s.channel.empty()) co_return SendOutcome::permanent_failure("no channel.id");
            spdlog::info("slack: created #{} ({}) for {}", name, s.channel,
                         core::incident_ref(o.incident));
            try {
              bind_(o.incident, s.channel);
            } catch (const std::exception& e) {
              spdlog::error("slack: binding {} to {} failed: {}", core::incident_ref(o.incident),
                            s.channel, e.what());
            }
            s.step = 1;
          }
          if (s.step == 1) {
            if (!o.invite.empty()) {
              const Args args{{"channel", s.channel}, {"users", join(o.invite, ",")}};
              ApiReply r = co_await api_.call("conversations.invite", args);
              if (!r.ok && retry_worthy(r)) co_return r.outcome();
              if (!r.ok) spdlog::warn("slack: inviting to {} failed: {}", s.channel, r.error);
            }
            s.step = 2;
          }
          if (o.announcement.empty()) co_return SendOutcome::done();
          const Args args{{"channel", s.channel}, {"text", slack_text(o.announcement, o.invite)}};
          co_return (co_await api_.call("chat.postMessage", args)).outcome();
        },
        label, "conversations.create");
  }

  void direct_message(core::DirectMessage d) override {
    const std::string label = "DM " + d.user;
    push_steps(
        DmState{std::move(d)},
        [this](DmState& s) -> asio::awaitable<SendOutcome> {
          if (s.channel.empty()) {
            const Args args{{"users", s.effect.user}};
            ApiReply r = co_await api_.call("conversations.open", args);
            if (!r.ok) co_return r.outcome();
            s.channel = read_channel(r).id;
            if (s.channel.empty()) co_return SendOutcome::permanent_failure("no channel.id");
          }
          const Args args{{"channel", s.channel}, {"text", slack_text(s.effect.text, {})}};
          co_return (co_await api_.call("chat.postMessage", args)).outcome();
        },
        label, label);
  }

  void post_file(core::PostFile f) override {
    const std::string label = "upload " + f.filename + " to " + f.channel;
    const std::string channel = f.channel;
    push_steps(
        FileState{std::move(f)},
        [this](FileState& s) -> asio::awaitable<SendOutcome> {
          const auto& f = s.effect;
          if (s.step == 0) {
            // files.* read form-encoded arguments only.
            const Args args{{"filename", f.filename}, {"length", std::to_string(f.content.size())}};
            ApiReply r = co_await api_.call("files.getUploadURLExternal", args, Encoding::form);
            if (!r.ok) co_return r.outcome();
            const UploadTicket ticket = read_upload_ticket(r);
            s.upload_url = ticket.upload_url;
            s.file_id = ticket.file_id;
            if (s.upload_url.empty() || s.file_id.empty())
              co_return SendOutcome::permanent_failure("no upload_url/file_id");
            s.step = 1;
          }
          if (s.step == 1) {
            ApiReply r = co_await api_.upload(s.upload_url, f.content);
            if (!r.ok) {
              if (retry_worthy(r)) co_return r.outcome();
              // The URL may be spent: start over with a new one, a few times.
              s.step = 0;
              if (++s.upload_failures >= 3)
                co_return SendOutcome::permanent_failure("upload: " + r.error);
              co_return SendOutcome::transient_failure("upload: " + r.error);
            }
            s.step = 2;
          }
          boost::json::array files{boost::json::object{
              {"id", s.file_id}, {"title", f.title.empty() ? f.filename : f.title}}};
          Args args{{"files", boost::json::serialize(files)}, {"channel_id", f.channel}};
          if (!f.comment.empty()) args.emplace_back("initial_comment", slack_text(f.comment, {}));
          co_return (co_await api_.call("files.completeUploadExternal", args, Encoding::form))
              .outcome();
        },
        label, channel);
  }
};

}  // namespace

std::unique_ptr<chat::EffectSink> make_effect_sender(WebApiClient& api, net::OutboundQueue& queue,
                                                     BindChannel bind, DraftHandler on_draft) {
  return std::make_unique<EffectSender>(api, queue, std::move(bind), std::move(on_draft));
}

}  // namespace scribe::slack
