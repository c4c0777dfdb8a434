// FakeHomeserver: the world (rooms, members, events) and what tests do to it
// and see of it. The HTTP endpoints are in fake_homeserver_api.cpp.
#include "tests/support/fake_homeserver.hpp"

#include <thread>

#include "tests/support/fake_homeserver_state.hpp"
#include "tests/support/eventually.hpp"

namespace scribe::test {

namespace json = boost::json;

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string string_at(const json::object& o, std::string_view key) {
  const auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

}  // namespace

std::string FakeHomeserver::State::add_event(const std::string& room_id, const std::string& type,
                                             const std::string& sender, json::object content,
                                             std::optional<std::int64_t> ts,
                                             const std::string* state_key,
                                             const std::string& redacts,
                                             const std::string& txn_id) {
  auto room = rooms.find(room_id);
  if (room == rooms.end()) throw std::invalid_argument("fake homeserver: no room " + room_id);
  const std::string id = "$ev" + std::to_string(next_event++) + ":" + options.server_name;
  json::object e;
  e["type"] = type;
  e["event_id"] = id;
  e["sender"] = sender;
  e["origin_server_ts"] = ts.value_or(now_ms());
  e["content"] = std::move(content);
  if (state_key) e["state_key"] = *state_key;
  if (!redacts.empty()) e["redacts"] = redacts;
  e["unsigned"] = json::object{{"age", 1234}};
  const std::int64_t pos = static_cast<std::int64_t>(events.size()) + 1;
  events.push_back(Event{pos, room_id, std::move(e), txn_id});
  room->second.positions.push_back(pos);
  changed.notify_all();
  return id;
}

void FakeHomeserver::State::set_membership(const std::string& room_id, const std::string& user,
                                           const std::string& membership,
                                           const std::string& sender) {
  json::object content{{"membership", membership}};
  if (auto it = display_names.find(user); it != display_names.end())
    content["displayname"] = it->second;
  add_event(room_id, "m.room.member", sender, std::move(content), std::nullopt, &user);
  Room& room = rooms.at(room_id);
  room.membership[user] = membership;
  if (user == options.bot_user) {
    room.bot_membership_pos[membership] = static_cast<std::int64_t>(events.size());
    if (membership == "invite") room.inviter = sender;
  }
}

std::string FakeHomeserver::State::new_room(const std::string& name, const std::string& creator) {
  const std::string id = "!room" + std::to_string(next_room++) + ":" + options.server_name;
  rooms[id] = Room{id, name, {}, {}, {}, {}};
  const std::string empty;
  add_event(id, "m.room.create", creator, json::object{{"room_version", "10"}}, std::nullopt,
            &empty);
  set_membership(id, creator, "join", creator);
  if (!name.empty())
    add_event(id, "m.room.name", creator, json::object{{"name", name}}, std::nullopt, &empty);
  return id;
}

FakeHomeserver::State::Event* FakeHomeserver::State::find_event(const std::string& event_id) {
  for (auto& e : events)
    if (string_at(e.json, "event_id") == event_id) return &e;
  return nullptr;
}

FakeHomeserver::FakeHomeserver(FakeHomeserverOptions options) : state_(std::make_shared<State>()) {
  state_->options = options;
  server_ = std::make_unique<TestServer>(TestServerOptions{options.tls});
  server_->on_http([state = state_](const TestRequest& r) { return state->handle(r); });
}

FakeHomeserver::~FakeHomeserver() {
  {
    std::lock_guard lock(state_->mutex);
    state_->shutting_down = true;
  }
  state_->changed.notify_all();
}

std::string FakeHomeserver::base_url() const {
  return server_->base_url();
}
TestServer& FakeHomeserver::server() {
  return *server_;
}
const FakeHomeserverOptions& FakeHomeserver::options() const {
  return state_->options;
}

std::string FakeHomeserver::create_room(const std::string& name, const std::string& creator,
                                        const std::vector<std::string>& members) {
  std::lock_guard lock(state_->mutex);
  const std::string id = state_->new_room(name, creator);
  for (const auto& m : members) state_->set_membership(id, m, "join", m);
  return id;
}

std::string FakeHomeserver::invite_bot(const std::string& room_id, const std::string& inviter) {
  std::lock_guard lock(state_->mutex);
  state_->set_membership(room_id, state_->options.bot_user, "invite", inviter);
  return string_at(state_->events.back().json, "event_id");
}

void FakeHomeserver::set_display_name(const std::string& user, const std::string& name) {
  std::lock_guard lock(state_->mutex);
  state_->display_names[user] = name;
}

std::string FakeHomeserver::send_text(const std::string& room_id, const std::string& sender,
                                      const std::string& body, std::optional<std::int64_t> ts,
                                      const std::string& msgtype) {
  std::lock_guard lock(state_->mutex);
  return state_->add_event(room_id, "m.room.message", sender,
                           json::object{{"msgtype", msgtype}, {"body", body}}, ts);
}

std::string FakeHomeserver::send_event(const std::string& room_id, const std::string& sender,
                                       const std::string& type, const std::string& content_json,
                                       std::optional<std::int64_t> ts, const std::string& redacts) {
  std::lock_guard lock(state_->mutex);
  return state_->add_event(room_id, type, sender, json::parse(content_json).as_object(), ts,
                           nullptr, redacts);
}

std::string FakeHomeserver::edit(const std::string& room_id, const std::string& sender,
                                 const std::string& target, const std::string& new_body,
                                 std::optional<std::int64_t> ts) {
  json::object content{
      {"msgtype", "m.text"},
      {"body", "* " + new_body},
      {"m.new_content", json::object{{"msgtype", "m.text"}, {"body", new_body}}},
      {"m.relates_to", json::object{{"rel_type", "m.replace"}, {"event_id", target}}}};
  std::lock_guard lock(state_->mutex);
  return state_->add_event(room_id, "m.room.message", sender, std::move(content), ts);
}

std::string FakeHomeserver::react(const std::string& room_id, const std::string& sender,
                                  const std::string& target, const std::string& key,
                                  std::optional<std::int64_t> ts) {
  json::object content{
      {"m.relates_to",
       json::object{{"rel_type", "m.annotation"}, {"event_id", target}, {"key", key}}}};
  std::lock_guard lock(state_->mutex);
  return state_->add_event(room_id, "m.reaction", sender, std::move(content), ts);
}

std::string FakeHomeserver::redact(const std::string& room_id, const std::string& sender,
                                   const std::string& target, std::optional<std::int64_t> ts,
                                   bool v11) {
  std::lock_guard lock(state_->mutex);
  json::object content;
  if (v11) content["redacts"] = target;
  const std::string id = state_->add_event(room_id, "m.room.redaction", sender, std::move(content),
                                           ts, nullptr, v11 ? "" : target);
  // The server keeps only what redaction preserves: the content goes.
  if (State::Event* e = state_->find_event(target)) {
    e->json["content"] = json::object{};
    e->json["unsigned"] = json::object{
        {"redacted_because", json::object{{"type", "m.room.redaction"}, {"event_id", id}}}};
  }
  return id;
}

std::string FakeHomeserver::thread_reply(const std::string& room_id, const std::string& sender,
                                         const std::string& root, const std::string& body,
                                         std::optional<std::int64_t> ts) {
  json::object content{
      {"msgtype", "m.text"},
      {"body", body},
      {"m.relates_to", json::object{{"rel_type", "m.thread"},
                                    {"event_id", root},
                                    {"is_falling_back", true},
                                    {"m.in_reply_to", json::object{{"event_id", root}}}}}};
  std::lock_guard lock(state_->mutex);
  return state_->add_event(room_id, "m.room.message", sender, std::move(content), ts);
}

void FakeHomeserver::rate_limit(const std::string& endpoint, int times,
                                std::optional<int> retry_after_seconds,
                                std::optional<int> retry_after_ms) {
  json::object body{{"errcode", "M_LIMIT_EXCEEDED"}, {"error", "Too many requests"}};
  if (retry_after_ms) body["retry_after_ms"] = *retry_after_ms;
  TestResponse r = TestResponse::json(json::serialize(body), 429);
  if (retry_after_seconds)
    r.headers.emplace_back("Retry-After", std::to_string(*retry_after_seconds));
  std::lock_guard lock(state_->mutex);
  state_->faults[endpoint].push_back({times, std::move(r), false});
}

void FakeHomeserver::fail(const std::string& endpoint, int times, int status,
                          const std::string& errcode, const std::string& error) {
  json::object body{{"errcode", errcode}, {"error", error}};
  std::lock_guard lock(state_->mutex);
  state_->faults[endpoint].push_back(
      {times, TestResponse::json(json::serialize(body), status), false});
}

void FakeHomeserver::clear_faults(const std::string& endpoint) {
  std::lock_guard lock(state_->mutex);
  state_->faults.erase(endpoint);
}

void FakeHomeserver::drop(const std::string& endpoint, int times, bool after_effect) {
  TestResponse r;
  r.drop_connection = true;
  std::lock_guard lock(state_->mutex);
  state_->faults[endpoint].push_back({times, std::move(r), after_effect});
}

void FakeHomeserver::restart() {
  {
    std::lock_guard lock(state_->mutex);
    ++state_->generation;
  }
  state_->changed.notify_all();
  server_->drop_all_connections();
}

void FakeHomeserver::set_token_valid(bool valid) {
  std::lock_guard lock(state_->mutex);
  state_->token_valid = valid;
}

void FakeHomeserver::set_timeline_limit(int limit) {
  std::lock_guard lock(state_->mutex);
  state_->timeline_limit = limit;
}

std::vector<FakeEvent> FakeHomeserver::events(const std::string& room_id,
                                              const std::string& type) const {
  std::lock_guard lock(state_->mutex);
  std::vector<FakeEvent> out;
  for (const auto& e : state_->events) {
    if (!room_id.empty() && e.room_id != room_id) continue;
    if (!type.empty() && string_at(e.json, "type") != type) continue;
    FakeEvent f;
    f.pos = e.pos;
    f.room_id = e.room_id;
    f.event_id = string_at(e.json, "event_id");
    f.type = string_at(e.json, "type");
    f.sender = string_at(e.json, "sender");
    f.ts = e.json.at("origin_server_ts").to_number<std::int64_t>();
    const json::object& c = e.json.at("content").as_object();
    f.msgtype = string_at(c, "msgtype");
    f.body = string_at(c, "body");
    f.formatted_body = string_at(c, "formatted_body");
    f.content = json::serialize(c);
    f.txn_id = e.txn_id;
    if (const auto* u = e.json.at("unsigned").if_object())
      f.redacted = u->contains("redacted_because");
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<FakeEvent> FakeHomeserver::bot_messages(const std::string& room_id) const {
  std::vector<FakeEvent> out;
  for (auto& e : events(room_id))
    if (e.sender == state_->options.bot_user) out.push_back(std::move(e));
  return out;
}

std::vector<FakeCreatedRoom> FakeHomeserver::created_rooms() const {
  std::lock_guard lock(state_->mutex);
  return state_->created;
}

std::optional<std::string> FakeHomeserver::room_named(const std::string& name) const {
  std::lock_guard lock(state_->mutex);
  for (const auto& [id, room] : state_->rooms)
    if (room.name == name) return id;
  return std::nullopt;
}

std::string FakeHomeserver::membership(const std::string& room_id, const std::string& user) const {
  std::lock_guard lock(state_->mutex);
  auto room = state_->rooms.find(room_id);
  if (room == state_->rooms.end()) return "";
  auto it = room->second.membership.find(user);
  return it == room->second.membership.end() ? "" : it->second;
}

std::vector<FakeUpload> FakeHomeserver::uploads() const {
  std::lock_guard lock(state_->mutex);
  return state_->uploads;
}

std::vector<FakeCall> FakeHomeserver::calls(const std::string& endpoint) const {
  std::lock_guard lock(state_->mutex);
  std::vector<FakeCall> out;
  for (const auto& c : state_->calls)
    if (endpoint.empty() || c.endpoint == endpoint) out.push_back(c);
  return out;
}

std::vector<std::string> FakeHomeserver::sync_tokens() const {
  std::lock_guard lock(state_->mutex);
  return state_->sync_tokens;
}

int FakeHomeserver::retransmits() const {
  std::lock_guard lock(state_->mutex);
  return state_->retransmits;
}

std::int64_t FakeHomeserver::stream_position() const {
  std::lock_guard lock(state_->mutex);
  return static_cast<std::int64_t>(state_->events.size());
}

int FakeHomeserver::waiting_syncs() const {
  std::lock_guard lock(state_->mutex);
  return state_->waiting;
}

bool FakeHomeserver::eventually(const std::function<bool()>& condition,
                               std::chrono::milliseconds timeout) {
  return test::eventually(condition, timeout);
}

std::string matrix_config(const FakeHomeserver& hs, const std::string& token) {
  return "[matrix]\nenabled = true\nhomeserver = \"" + hs.base_url() + "\"\nuser_id = \"" +
         hs.options().bot_user + "\"\naccess_token = \"" +
         (token.empty() ? hs.options().access_token : token) + "\"\n";
}

}  // namespace scribe::test
