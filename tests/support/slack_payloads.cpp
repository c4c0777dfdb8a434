#include "tests/support/slack_payloads.hpp"

#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace scribe::test::slack_payloads {

namespace bj = boost::json;

#ifndef SCRIBE_FIXTURES_DIR
#error "SCRIBE_FIXTURES_DIR must name tests/fixtures of the source tree"
#endif

const bj::value& sample(const std::string& file_name) {
  static std::mutex mutex;
  static std::map<std::string, bj::value> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(file_name); it != cache.end()) return it->second;
  const std::string path = std::string(SCRIBE_FIXTURES_DIR) + "/protocol/slack/" + file_name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing Slack sample " + path);
  std::stringstream text;
  text << in.rdbuf();
  return cache.emplace(file_name, bj::parse(text.str())).first->second;
}

namespace {

bj::object copy_object(const std::string& file) {
  return sample(file).as_object();
}

// The event_callback wrapper of a sample with its event replaced.
bj::object callback(const std::string& file, const std::string& event_id, bj::object event) {
  bj::object payload = copy_object(file);
  payload["event_id"] = event_id;
  payload["event"] = std::move(event);
  return payload;
}

std::int64_t seconds_of(const std::string& ts) {
  return std::stoll(ts.substr(0, ts.find('.')));
}

}  // namespace

std::string make_ts(long long epoch_ms, int sequence) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%03lld%03d", epoch_ms / 1000, epoch_ms % 1000,
                sequence % 1000);
  return buf;
}

bj::object message_event(const std::string& event_id, const std::string& channel,
                         const std::string& user, const std::string& text, const std::string& ts,
                         const std::string& thread_ts) {
  const std::string file = "slack-event_callback-message-user.json";
  bj::object event = sample(file).at("event").as_object();
  event["user"] = user;
  event["text"] = text;
  event["ts"] = ts;
  event["event_ts"] = ts;
  event["channel"] = channel;
  event["client_msg_id"] = "msg-" + event_id;
  event["blocks"]
      .as_array()[0]
      .at("elements")
      .as_array()[0]
      .at("elements")
      .as_array()[0]
      .as_object()["text"] = text;
  if (!thread_ts.empty()) {
    event["thread_ts"] = thread_ts;
    event["parent_user_id"] = user;
  }
  bj::object payload = callback(file, event_id, std::move(event));
  payload["event_time"] = seconds_of(ts);
  payload["event_context"] = "1-message-T111-" + channel;
  return payload;
}

bj::object bot_message_event(const std::string& event_id, const std::string& channel,
                             const std::string& bot_id, const std::string& text,
                             const std::string& ts) {
  const std::string file = "slack-event_callback-message-bot_message-subtype.json";
  bj::object event = sample(file).at("event").as_object();
  event["bot_id"] = bot_id;
  event["text"] = text;
  event["ts"] = ts;
  event["event_ts"] = ts;
  event["channel"] = channel;
  return callback(file, event_id, std::move(event));
}

bj::object edit_event(const std::string& event_id, const std::string& channel,
                      const std::string& user, const std::string& ts, const std::string& old_text,
                      const std::string& new_text, const std::string& event_ts) {
  const std::string file = "slack-event_callback-message_changed.json";
  bj::object event = sample(file).at("event").as_object();
  auto& now = event["message"].as_object();
  now["text"] = new_text;
  now["user"] = user;
  now["ts"] = ts;
  now["edited"] = bj::object{{"user", user}, {"ts", event_ts}};
  auto& before = event["previous_message"].as_object();
  before["text"] = old_text;
  before["user"] = user;
  before["ts"] = ts;
  event["channel"] = channel;
  event["ts"] = event_ts;
  event["event_ts"] = event_ts;
  return callback(file, event_id, std::move(event));
}

bj::object delete_event(const std::string& event_id, const std::string& channel,
                        const std::string& user, const std::string& ts,
                        const std::string& event_ts) {
  const std::string file = "slack-event_callback-message_deleted.json";
  bj::object event = sample(file).at("event").as_object();
  auto& before = event["previous_message"].as_object();
  before["user"] = user;
  before["ts"] = ts;
  event["deleted_ts"] = ts;
  event["channel"] = channel;
  event["ts"] = event_ts;
  event["event_ts"] = event_ts;
  return callback(file, event_id, std::move(event));
}

bj::object reaction_event(bool added, const std::string& event_id, const std::string& channel,
                          const std::string& user, const std::string& reaction,
                          const std::string& item_ts, const std::string& event_ts) {
  const std::string file = "slack-event_callback-reaction_added.json";
  bj::object event = sample(file).at("event").as_object();
  event["type"] = added ? "reaction_added" : "reaction_removed";
  event["user"] = user;
  event["reaction"] = reaction;
  event["item"].as_object()["channel"] = channel;
  event["item"].as_object()["ts"] = item_ts;
  event["event_ts"] = event_ts;
  return callback(file, event_id, std::move(event));
}

bj::object events_api_envelope(const std::string& envelope_id, bj::object payload) {
  bj::object envelope = copy_object("slack-socketmode-events_api-message-envelope.json");
  envelope["envelope_id"] = envelope_id;
  envelope["payload"] = std::move(payload);
  envelope["retry_attempt"] = 0;
  envelope["retry_reason"] = "";
  return envelope;
}

bj::object slash_command_envelope(const std::string& envelope_id, const std::string& channel,
                                  const std::string& user, const std::string& user_name,
                                  const std::string& text) {
  bj::object envelope = copy_object("slack-socketmode-slash_commands-envelope.json");
  envelope["envelope_id"] = envelope_id;
  auto& payload = envelope["payload"].as_object();
  payload["command"] = "/incident";
  payload["text"] = text;
  payload["channel_id"] = channel;
  payload["channel_name"] = "channel-" + channel;
  payload["user_id"] = user;
  payload["user_name"] = user_name;
  payload["trigger_id"] = "trigger-" + envelope_id;
  return envelope;
}

std::string hello_frame(int num_connections) {
  bj::object hello = copy_object("slack-socketmode-hello.json");
  hello["num_connections"] = num_connections;
  return bj::serialize(hello);
}

std::string disconnect_frame(const std::string& reason) {
  bj::object d = copy_object(reason == "too_many_websockets"
                                 ? "slack-socketmode-disconnect-too_many_websockets.json"
                                 : "slack-socketmode-disconnect-warning.json");
  d["reason"] = reason;
  return bj::serialize(d);
}

std::string connections_open_response(const std::string& ws_url) {
  bj::object r = copy_object("slack-apps.connections.open-response.json");
  r["url"] = ws_url;
  return bj::serialize(r);
}

std::string post_message_response(const std::string& channel, const std::string& ts,
                                  const std::string& text) {
  bj::object r = copy_object("slack-chat.postMessage-response.json");
  r["channel"] = channel;
  r["ts"] = ts;
  auto& m = r["message"].as_object();
  m["text"] = text;
  m["ts"] = ts;
  m.erase("attachments");
  return bj::serialize(r);
}

std::string conversations_create_response(const std::string& id, const std::string& name) {
  bj::object r = copy_object("slack-conversations.create-response.json");
  auto& c = r["channel"].as_object();
  c["id"] = id;
  c["name"] = name;
  c["name_normalized"] = name;
  return bj::serialize(r);
}

std::string conversations_invite_response(const std::string& channel) {
  bj::object r = copy_object("slack-conversations.invite-response.json");
  r["channel"].as_object()["id"] = channel;
  return bj::serialize(r);
}

std::string conversations_open_response(const std::string& channel) {
  bj::object r = copy_object("slack-conversations.open-response.json");
  r["channel"].as_object()["id"] = channel;
  return bj::serialize(r);
}

std::string users_info_response(const std::string& id, const std::string& name,
                                const std::string& tz) {
  bj::object r = copy_object("slack-users.info-response.json");
  auto& u = r["user"].as_object();
  u["id"] = id;
  u["name"] = name;
  u["real_name"] = name;
  u["tz"] = tz;
  u["profile"].as_object()["display_name"] = name;
  u["profile"].as_object()["real_name"] = name;
  return bj::serialize(r);
}

std::string error_response(const std::string& error) {
  bj::object r = copy_object("slack-chat.postMessage-error-response.json");
  r["error"] = error;
  return bj::serialize(r);
}

}  // namespace scribe::test::slack_payloads
