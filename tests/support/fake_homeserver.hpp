// A fake Matrix homeserver on 127.0.0.1 for tests, on top of TestServer,
// plain or TLS, speaking the client-server API shapes of
// tests/fixtures/protocol/matrix/: whoami, stored filters, long-polled /sync (held
// until something arrives for the bot or the timeout passes), invites, join,
// leave, createRoom, idempotent sends (same txn id -> same event id, recorded
// once), media upload, and /messages for filling limited timelines.
//
// The model: one event stream with positions 1, 2, …; sync tokens are "s<pos>".
// A sync from s<N> returns, per joined room, the events after N (the last
// `limit`, limited=true with prev_batch when there are more); a room the bot
// joined after N comes with its recent history, as real servers send it.
// Redacting an event strips its content, as a server does.
//
// Faults on demand: 429 M_LIMIT_EXCEEDED (Retry-After header and/or
// retry_after_ms), error answers, dropped connections (before or after the
// request took effect), and restart() (every connection dropped, long polls
// cut). Thread-safe: server threads run handlers, tests call from theirs.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_server.hpp"

namespace scribe::test {

struct FakeHomeserverOptions {
  std::optional<TlsIdentity> tls;  // serve https:// with this identity
  std::string server_name = "test.local";
  std::string bot_user = "@scribe:test.local";
  std::string access_token = "syt_test_token";
  std::string device_id = "SCRIBEDEV";
  // Humans invited to a room the bot creates join at once.
  bool auto_join_invited = true;
  // Timeline events per room and sync when the filter names no limit.
  int default_timeline_limit = 10;
};

// A message (or any event) as stored by the fake.
struct FakeEvent {
  std::int64_t pos = 0;
  std::string room_id;
  std::string event_id;
  std::string type;
  std::string sender;
  std::int64_t ts = 0;
  std::string msgtype;         // content.msgtype
  std::string body;            // content.body
  std::string formatted_body;  // content.formatted_body
  std::string content;         // content as JSON text
  std::string txn_id;          // bot sends: the txn id it came with
  bool redacted = false;
};

struct FakeCreatedRoom {
  std::string room_id;
  std::string name;
  std::string request;  // the createRoom body as sent
  std::vector<std::string> invited;
  bool is_direct = false;
};

struct FakeUpload {
  std::string content_uri;
  std::string filename;
  std::string content_type;
  std::string content;
};

struct FakeCall {
  std::string endpoint;  // whoami filter sync join leave createRoom send upload messages other
  std::string method;
  std::string target;
  int status = 0;  // 0: the connection was dropped
  std::string authorization;
  std::chrono::steady_clock::time_point at;
};

class FakeHomeserver {
 public:
  explicit FakeHomeserver(FakeHomeserverOptions options = {});
  ~FakeHomeserver();
  FakeHomeserver(const FakeHomeserver&) = delete;
  FakeHomeserver& operator=(const FakeHomeserver&) = delete;

  std::string base_url() const;  // "http(s)://127.0.0.1:PORT"
  TestServer& server();
  const FakeHomeserverOptions& options() const;

  // The world. Each returns the new event's (or room's) id. `ts` is the
  // event's origin_server_ts in epoch ms (default: now).
  std::string create_room(const std::string& name, const std::string& creator,
                          const std::vector<std::string>& members = {});
  std::string invite_bot(const std::string& room_id, const std::string& inviter);
  void set_display_name(const std::string& user, const std::string& name);
  std::string send_text(const std::string& room_id, const std::string& sender,
                        const std::string& body, std::optional<std::int64_t> ts = {},
                        const std::string& msgtype = "m.text");
  // Any room event with this content (a JSON object text); `redacts` is put at
  // the top level for m.room.redaction.
  std::string send_event(const std::string& room_id, const std::string& sender,
                         const std::string& type, const std::string& content_json,
                         std::optional<std::int64_t> ts = {}, const std::string& redacts = "");
  std::string edit(const std::string& room_id, const std::string& sender, const std::string& target,
                   const std::string& new_body, std::optional<std::int64_t> ts = {});
  std::string react(const std::string& room_id, const std::string& sender,
                    const std::string& target, const std::string& key,
                    std::optional<std::int64_t> ts = {});
  // Room v11 style puts `redacts` in the content; older rooms at the top level.
  std::string redact(const std::string& room_id, const std::string& sender,
                     const std::string& target, std::optional<std::int64_t> ts = {},
                     bool v11 = false);
  std::string thread_reply(const std::string& room_id, const std::string& sender,
                           const std::string& root, const std::string& body,
                           std::optional<std::int64_t> ts = {});

  // Faults. `endpoint` as in FakeCall. Each applies to the next `times` calls.
  // 429 M_LIMIT_EXCEEDED with a Retry-After header (when given) and
  // retry_after_ms in the body (when given).
  void rate_limit(const std::string& endpoint, int times,
                  std::optional<int> retry_after_seconds = 1,
                  std::optional<int> retry_after_ms = std::nullopt);
  void fail(const std::string& endpoint, int times, int status,
            const std::string& errcode = "M_UNKNOWN", const std::string& error = "failed");
  // Close the connection without an answer; after_effect: the request took
  // effect first (a send is recorded) and only the answer is lost.
  void drop(const std::string& endpoint, int times, bool after_effect = false);
  void clear_faults(const std::string& endpoint);  // the server is well again
  void restart();                                  // drop every connection and cut long polls
  void set_token_valid(bool valid);                // false: every call gets 401 M_UNKNOWN_TOKEN
  void set_timeline_limit(int limit);  // overrides the filter's limit (0: filter/default)

  // Observations.
  std::vector<FakeEvent> events(const std::string& room_id = "",
                                const std::string& type = "m.room.message") const;
  std::vector<FakeEvent> bot_messages(const std::string& room_id = "") const;
  std::vector<FakeCreatedRoom> created_rooms() const;
  std::optional<std::string> room_named(const std::string& name) const;
  std::string membership(const std::string& room_id, const std::string& user) const;
  std::vector<FakeUpload> uploads() const;
  std::vector<FakeCall> calls(const std::string& endpoint = "") const;
  std::vector<std::string> sync_tokens() const;  // `since` of each sync request ("" initial)
  int retransmits() const;                       // sends whose txn id was seen before
  std::int64_t stream_position() const;
  // Sync requests waiting in a long poll right now.
  int waiting_syncs() const;

  // test::eventually (tests/support/eventually.hpp), under the fake's name.
  static bool eventually(const std::function<bool()>& condition,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

  struct State;  // fake_homeserver_state.hpp

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<TestServer> server_;  // last: its threads stop before state_ goes
};

// The `[matrix]` config section that points `scribe run` at `hs`, signing in
// with `token` (the fake's own access token when empty).
std::string matrix_config(const FakeHomeserver& hs, const std::string& token = "");

// The users of the fake homeserver's tests (the bot is the fake's default).
inline const std::string kBot = "@scribe:test.local";
inline const std::string kDana = "@dana:test.local";
inline const std::string kSam = "@sam:test.local";

// The bot has read everything sent so far and is waiting in a long poll.
inline bool caught_up(const FakeHomeserver& hs) {
  const auto tokens = hs.sync_tokens();
  return hs.waiting_syncs() > 0 && !tokens.empty() &&
         tokens.back() == "s" + std::to_string(hs.stream_position());
}

}  // namespace scribe::test
