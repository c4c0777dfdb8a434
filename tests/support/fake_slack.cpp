// FakeSlack: Socket Mode and the test-facing API. The Web API is in
// fake_slack_api.cpp.
#include "tests/support/fake_slack.hpp"

#include <thread>

#include "tests/support/fake_slack_state.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/eventually.hpp"

namespace scribe::test {

namespace bj = boost::json;
namespace sp = slack_payloads;

namespace {

std::string query_value(const std::string& target, const std::string& key) {
  const auto q = target.find('?');
  if (q == std::string::npos) return {};
  std::string query = target.substr(q + 1);
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(pos, amp - pos);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string::npos ? "" : pair.substr(eq + 1);
    pos = amp + 1;
  }
  return {};
}

}  // namespace

std::string FakeSlack::State::next_ts_locked() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  return sp::make_ts(ms, ++next_ts);
}

void FakeSlack::State::deliver_locked(Pending& pending, Conn& conn) {
  ++pending.deliveries;
  if (pending.deliveries > 1 && pending.envelope["type"] == "events_api") {
    pending.envelope["retry_attempt"] = pending.deliveries - 1;
    pending.envelope["retry_reason"] = "timeout";
  }
  pending.sent_on = conn.id;
  send_locked(conn, bj::serialize(pending.envelope));
}

void FakeSlack::State::send_locked(Conn& conn, std::string frame) {
  if (conn.silent || !conn.ws) {
    conn.outbox.push_back(std::move(frame));
    return;
  }
  frames_sent[conn.id].push_back(frame);
  conn.ws->send_text(std::move(frame));
}

std::string FakeSlack::State::enqueue_locked(bj::object envelope) {
  Pending p;
  p.id = std::string(envelope["envelope_id"].as_string());
  p.envelope = std::move(envelope);
  envelope_index[p.id] = envelopes.size();
  envelopes.push_back(std::move(p));
  if (auto it = conns.find(newest_ready); it != conns.end() && !it->second->silent)
    deliver_locked(envelopes.back(), *it->second);
  return envelopes.back().id;
}

void FakeSlack::State::handle_websocket(std::shared_ptr<TestWebSocket> ws) {
  const std::string ticket = query_value(ws->upgrade_request().target, "ticket");
  auto conn = std::make_shared<Conn>();
  {
    std::lock_guard lock(mutex);
    if (!tickets_issued.contains(ticket) || tickets_used.contains(ticket)) {
      ++stale_tickets;
      conn.reset();
    } else {
      tickets_used.insert(ticket);
      conn->id = next_conn++;
      conn->ws = ws;
      const auto now = std::chrono::steady_clock::now();
      connection_log.push_back(ConnectionSpan{now, now, true});
      conns[conn->id] = conn;
      if (options.send_hello) {
        conn->ready = true;
        ++hellos;
        send_locked(*conn, sp::hello_frame(static_cast<int>(conns.size())));
        newest_ready = conn->id;
        // Everything not acked so far comes again on the new connection, in order.
        for (auto& p : envelopes) {
          if (p.acked) continue;
          const bool never_sent = p.deliveries == 0;
          if (never_sent || p.envelope["type"] == "events_api") deliver_locked(p, *conn);
        }
      }
    }
  }
  if (!conn) {
    ws->close(1008);  // Slack refuses a used or unknown ticket
    return;
  }
  // Frames go out as they are sent (send_locked); this thread reads the acks.
  while (ws->is_open()) {
    bool silent = false;
    {
      std::lock_guard lock(mutex);
      silent = conn->silent;
    }
    if (silent) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    auto text = ws->read_text(std::chrono::milliseconds(20));
    if (!text) continue;
    boost::system::error_code ec;
    bj::value v = bj::parse(*text, ec);
    if (ec || !v.is_object() || !v.as_object().contains("envelope_id")) continue;
    SlackAck ack;
    ack.envelope_id = std::string(v.at("envelope_id").as_string());
    ack.connection = conn->id;
    ack.at = std::chrono::steady_clock::now();
    if (const auto* payload = v.as_object().if_contains("payload");
        payload && payload->is_object()) {
      if (const auto* t = payload->as_object().if_contains("text"); t && t->is_string())
        ack.payload_text = std::string(t->as_string());
      if (const auto* r = payload->as_object().if_contains("response_type"); r && r->is_string())
        ack.response_type = std::string(r->as_string());
    }
    std::lock_guard lock(mutex);
    if (auto it = envelope_index.find(ack.envelope_id); it != envelope_index.end())
      envelopes[it->second].acked = true;
    acks.push_back(std::move(ack));
  }
  std::lock_guard lock(mutex);
  connection_log[conn->id - 1].closed = std::chrono::steady_clock::now();
  connection_log[conn->id - 1].open = false;
  conns.erase(conn->id);
  if (newest_ready == conn->id) {
    newest_ready = 0;
    for (const auto& [id, c] : conns)
      if (c->ready) newest_ready = id;
  }
}

FakeSlack::FakeSlack(FakeSlackOptions options) : state_(std::make_shared<State>()) {
  state_->options = std::move(options);
  TestServerOptions server_options;
  server_options.tls = state_->options.tls;
  server_ = std::make_unique<TestServer>(server_options);
  state_->server = server_.get();
  server_->on_http([s = state_](const TestRequest& r) { return s->handle_http(r); });
  server_->on_websocket("/link/", [s = state_](std::shared_ptr<TestWebSocket> ws) {
    s->handle_websocket(std::move(ws));
  });
}

FakeSlack::~FakeSlack() {
  server_.reset();  // joins the handler threads before the state goes
}

std::string FakeSlack::api_url() const {
  return server_->base_url() + "/api/";
}
TestServer& FakeSlack::server() {
  return *server_;
}
const FakeSlackOptions& FakeSlack::options() const {
  return state_->options;
}

void FakeSlack::add_user(const std::string& id, const std::string& name, const std::string& tz) {
  std::lock_guard lock(state_->mutex);
  state_->users[id] = State::User{name, tz};
}

void FakeSlack::take_channel_name(const std::string& name) {
  std::lock_guard lock(state_->mutex);
  state_->taken_names.insert(name);
}

std::string FakeSlack::send_message(const std::string& channel, const std::string& user,
                                    const std::string& text, const std::string& ts,
                                    const std::string& thread_ts) {
  int n = 0;
  {
    std::lock_guard lock(state_->mutex);
    n = state_->next_envelope++;
  }
  // Built outside the lock: the load bench sends from its own thread while the
  // fake's thread delivers, and the JSON is most of the work.
  auto envelope = sp::events_api_envelope(
      "env-" + std::to_string(n),
      sp::message_event("Ev" + std::to_string(n), channel, user, text, ts, thread_ts));
  std::lock_guard lock(state_->mutex);
  return state_->enqueue_locked(std::move(envelope));
}

std::string FakeSlack::send_bot_message(const std::string& channel, const std::string& bot_id,
                                        const std::string& text, const std::string& ts) {
  std::lock_guard lock(state_->mutex);
  const int n = state_->next_envelope++;
  return state_->enqueue_locked(sp::events_api_envelope(
      "env-" + std::to_string(n),
      sp::bot_message_event("Ev" + std::to_string(n), channel, bot_id, text, ts)));
}

std::string FakeSlack::send_slash(const std::string& channel, const std::string& user,
                                  const std::string& user_name, const std::string& text) {
  std::lock_guard lock(state_->mutex);
  const int n = state_->next_envelope++;
  return state_->enqueue_locked(
      sp::slash_command_envelope("env-" + std::to_string(n), channel, user, user_name, text));
}

std::string FakeSlack::send_reaction(bool added, const std::string& channel,
                                     const std::string& user, const std::string& reaction,
                                     const std::string& item_ts, const std::string& event_ts) {
  std::lock_guard lock(state_->mutex);
  const int n = state_->next_envelope++;
  return state_->enqueue_locked(sp::events_api_envelope(
      "env-" + std::to_string(n), sp::reaction_event(added, "Ev" + std::to_string(n), channel, user,
                                                     reaction, item_ts, event_ts)));
}

std::string FakeSlack::send_edit(const std::string& channel, const std::string& user,
                                 const std::string& ts, const std::string& old_text,
                                 const std::string& new_text, const std::string& event_ts) {
  std::lock_guard lock(state_->mutex);
  const int n = state_->next_envelope++;
  return state_->enqueue_locked(sp::events_api_envelope(
      "env-" + std::to_string(n),
      sp::edit_event("Ev" + std::to_string(n), channel, user, ts, old_text, new_text, event_ts)));
}

std::string FakeSlack::send_delete(const std::string& channel, const std::string& user,
                                   const std::string& ts, const std::string& event_ts) {
  std::lock_guard lock(state_->mutex);
  const int n = state_->next_envelope++;
  return state_->enqueue_locked(sp::events_api_envelope(
      "env-" + std::to_string(n),
      sp::delete_event("Ev" + std::to_string(n), channel, user, ts, event_ts)));
}

std::string FakeSlack::send_envelope(const std::string& json_text) {
  std::lock_guard lock(state_->mutex);
  return state_->enqueue_locked(bj::parse(json_text).as_object());
}

std::string FakeSlack::resend_event(const std::string& envelope_id) {
  std::lock_guard lock(state_->mutex);
  bj::object envelope = state_->envelopes.at(state_->envelope_index.at(envelope_id)).envelope;
  envelope["envelope_id"] = "env-" + std::to_string(state_->next_envelope++);
  envelope["retry_attempt"] = 1;
  envelope["retry_reason"] = "timeout";
  return state_->enqueue_locked(std::move(envelope));
}

void FakeSlack::send_raw(const std::string& frame) {
  std::lock_guard lock(state_->mutex);
  if (auto it = state_->conns.find(state_->newest_ready); it != state_->conns.end())
    state_->send_locked(*it->second, frame);
}

void FakeSlack::send_disconnect(const std::string& reason) {
  send_raw(sp::disconnect_frame(reason));
}

void FakeSlack::drop_connections() {
  std::vector<std::shared_ptr<TestWebSocket>> all;
  {
    std::lock_guard lock(state_->mutex);
    for (const auto& [id, c] : state_->conns) all.push_back(c->ws);
  }
  for (auto& ws : all) ws->abort();
}

void FakeSlack::go_silent() {
  std::shared_ptr<TestWebSocket> ws;
  {
    std::lock_guard lock(state_->mutex);
    auto it = state_->conns.find(state_->newest_ready);
    if (it == state_->conns.end()) return;
    it->second->silent = true;
    ws = it->second->ws;
  }
  ws->go_silent();
}

void FakeSlack::rate_limit(const std::string& method, int times, int retry_after_seconds) {
  std::lock_guard lock(state_->mutex);
  state_->rate_limits[method] = State::RateLimit{times, retry_after_seconds};
}

void FakeSlack::fail_method(const std::string& method, const std::string& error, int times) {
  std::lock_guard lock(state_->mutex);
  state_->failures[method] = State::Failure{error, times};
}

std::vector<SlackAck> FakeSlack::acks() const {
  std::lock_guard lock(state_->mutex);
  return state_->acks;
}

std::size_t FakeSlack::ack_count(const std::string& envelope_id) const {
  std::lock_guard lock(state_->mutex);
  std::size_t n = 0;
  for (const auto& a : state_->acks) n += a.envelope_id == envelope_id;
  return n;
}

std::size_t FakeSlack::ack_total() const {
  std::lock_guard lock(state_->mutex);
  return state_->acks.size();
}

std::size_t FakeSlack::pending() const {
  std::lock_guard lock(state_->mutex);
  std::size_t n = 0;
  for (const auto& p : state_->envelopes) n += !p.acked;
  return n;
}

std::vector<SlackApiCall> FakeSlack::calls(const std::string& method) const {
  std::lock_guard lock(state_->mutex);
  std::vector<SlackApiCall> out;
  for (const auto& c : state_->calls)
    if (method.empty() || c.method == method) out.push_back(c);
  return out;
}

std::vector<SlackPosted> FakeSlack::posted() const {
  std::lock_guard lock(state_->mutex);
  return state_->posted;
}

std::vector<SlackUpload> FakeSlack::uploads() const {
  std::lock_guard lock(state_->mutex);
  return state_->uploads;
}

std::map<std::string, std::string> FakeSlack::created_channels() const {
  std::lock_guard lock(state_->mutex);
  return state_->created;
}

bool FakeSlack::invited_to(const std::string& channel) const {
  std::lock_guard lock(state_->mutex);
  for (const auto& c : state_->calls)
    if (c.method == "conversations.invite" && c.status == 200 && c.error.empty()) {
      auto it = c.args.find("channel");
      if (it != c.args.end() && it->second == channel) return true;
    }
  return false;
}

int FakeSlack::urls_issued() const {
  std::lock_guard lock(state_->mutex);
  return state_->urls_issued;
}

int FakeSlack::connections() const {
  std::lock_guard lock(state_->mutex);
  return state_->hellos;
}

int FakeSlack::stale_ticket_attempts() const {
  std::lock_guard lock(state_->mutex);
  return state_->stale_tickets;
}

int FakeSlack::live_connections() const {
  std::lock_guard lock(state_->mutex);
  return static_cast<int>(state_->conns.size());
}

std::vector<FakeSlack::ConnectionSpan> FakeSlack::connection_log() const {
  std::lock_guard lock(state_->mutex);
  return state_->connection_log;
}

std::vector<std::string> FakeSlack::frames_sent(int connection) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->frames_sent.find(static_cast<std::size_t>(connection));
  return it == state_->frames_sent.end() ? std::vector<std::string>{} : it->second;
}

bool FakeSlack::eventually(const std::function<bool()>& condition,
                          std::chrono::milliseconds timeout) {
  return test::eventually(condition, timeout);
}

std::string slack_config(const FakeSlack& fake) {
  return "[slack]\nenabled = true\napp_token = \"" + fake.options().app_token +
         "\"\nbot_token = \"" + fake.options().bot_token + "\"\napi_url = \"" + fake.api_url() +
         "\"\n";
}

std::string now_ts(int sequence) {
  return slack_payloads::make_ts(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count(),
                                 sequence);
}

}  // namespace scribe::test
