// A fake Slack on 127.0.0.1 for tests and the load bench: the Web API methods
// Scribe calls and Socket Mode, on top of TestServer, plain or TLS.
//
// Socket Mode is modelled as Slack does it: apps.connections.open hands out a
// single-use ws(s):// URL (a fresh ticket each call); a connection gets `hello`,
// then envelopes; an envelope stays pending until acked, and every envelope not
// acked when a new connection says hello is delivered again on it with
// retry_attempt + 1. Faults on demand: disconnect messages, abrupt drops,
// silence, 429s with Retry-After on chosen methods, failing methods, garbage.
//
// Web API methods check the token (app token for apps.connections.open, bot
// token for the rest) and read their arguments the way Slack does: JSON for
// chat.* and conversations.*, form-encoded for users.info and files.* (those
// ignore a JSON body, like the real ones).
//
// Thread-safe: server threads run the handlers; tests call from their thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_server.hpp"

namespace scribe::test {

struct FakeSlackOptions {
  std::optional<TlsIdentity> tls;  // serve https:// and wss:// with this identity
  std::string app_token = "xapp-1-A111-test";
  std::string bot_token = "xoxb-test-token";
  std::string bot_user_id = "UBOT";
  std::string bot_id = "BBOT";
  bool send_hello = true;  // false: connections never get hello
};

struct SlackApiCall {
  std::string method;  // "chat.postMessage"
  std::string authorization;
  std::string content_type;
  std::map<std::string, std::string> args;  // top-level arguments, nested JSON serialized
  int status = 200;                         // what the fake answered
  std::string error;                        // the answer's "error", if any
  std::chrono::steady_clock::time_point at;
};

struct SlackAck {
  std::string envelope_id;
  std::string payload_text;   // slash command reply, if the ack carried one
  std::string response_type;  // "ephemeral" / "in_channel" with a payload
  std::size_t connection = 0;
  std::chrono::steady_clock::time_point at;
};

struct SlackPosted {
  std::string method;  // chat.postMessage / chat.postEphemeral
  std::string channel;
  std::string text;
  std::string user;  // postEphemeral: who sees it
  std::string ts;
};

struct SlackUpload {
  std::string file_id;
  std::string filename;
  std::size_t declared_length = 0;
  std::string content;  // bytes POSTed to the upload URL
  bool completed = false;
  std::string channel_id;
  std::string title;
  std::string initial_comment;
};

class FakeSlack {
 public:
  explicit FakeSlack(FakeSlackOptions options = {});
  ~FakeSlack();
  FakeSlack(const FakeSlack&) = delete;
  FakeSlack& operator=(const FakeSlack&) = delete;

  std::string api_url() const;  // "http(s)://127.0.0.1:PORT/api/"
  TestServer& server();
  const FakeSlackOptions& options() const;

  // Workspace state.
  void add_user(const std::string& id, const std::string& name, const std::string& tz);
  void take_channel_name(const std::string& name);  // conversations.create says name_taken

  // Socket Mode: queue an envelope for delivery (now, or on the next
  // connection). Each returns the envelope id.
  std::string send_message(const std::string& channel, const std::string& user,
                           const std::string& text, const std::string& ts,
                           const std::string& thread_ts = "");
  std::string send_bot_message(const std::string& channel, const std::string& bot_id,
                               const std::string& text, const std::string& ts);
  std::string send_slash(const std::string& channel, const std::string& user,
                         const std::string& user_name, const std::string& text);
  std::string send_reaction(bool added, const std::string& channel, const std::string& user,
                            const std::string& reaction, const std::string& item_ts,
                            const std::string& event_ts);
  std::string send_edit(const std::string& channel, const std::string& user, const std::string& ts,
                        const std::string& old_text, const std::string& new_text,
                        const std::string& event_ts);
  std::string send_delete(const std::string& channel, const std::string& user,
                          const std::string& ts, const std::string& event_ts);
  // Any envelope (a JSON text with an envelope_id), tracked like the others.
  std::string send_envelope(const std::string& json_text);
  // The Events API delivers the same event again: same event_id, new envelope.
  std::string resend_event(const std::string& envelope_id);
  // A frame that is not tracked: garbage, unknown types.
  void send_raw(const std::string& frame);

  // Faults.
  void send_disconnect(const std::string& reason);  // on the newest connection
  void drop_connections();                          // abrupt: TCP gone, no close frame
  void go_silent();                                 // newest connection: no pongs, nothing
  // The next `times` calls of `method` get 429 + Retry-After.
  void rate_limit(const std::string& method, int times, int retry_after_seconds = 1);
  // The next `times` calls (-1: all) of `method` answer {"ok":false,"error":error}.
  void fail_method(const std::string& method, const std::string& error, int times = -1);

  // Observations.
  std::vector<SlackAck> acks() const;
  std::size_t ack_count(const std::string& envelope_id) const;
  std::size_t ack_total() const;  // cheap: all acks so far
  std::size_t pending() const;    // envelopes sent or queued and not yet acked
  std::vector<SlackApiCall> calls(const std::string& method = "") const;
  std::vector<SlackPosted> posted() const;
  std::vector<SlackUpload> uploads() const;
  // conversations.create results: name -> id.
  std::map<std::string, std::string> created_channels() const;
  // Whether conversations.invite was called for this channel: people can talk
  // there from then on (Scribe binds the channel before it invites).
  bool invited_to(const std::string& channel) const;
  int urls_issued() const;            // apps.connections.open answers with a URL
  int connections() const;            // websocket connections that got hello
  int stale_ticket_attempts() const;  // connects with a ticket that was used or never issued
  int live_connections() const;
  // When each websocket connection (1-based, in connect order) opened and
  // closed (closed == opened while it is still open).
  struct ConnectionSpan {
    std::chrono::steady_clock::time_point opened;
    std::chrono::steady_clock::time_point closed;
    bool open = true;
  };
  std::vector<ConnectionSpan> connection_log() const;
  // Frames sent on connection n (1-based, in connect order).
  std::vector<std::string> frames_sent(int connection) const;

  // test::eventually (tests/support/eventually.hpp), under the fake's name.
  static bool eventually(const std::function<bool()>& condition,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  struct State;
  std::shared_ptr<State> state_;
  std::unique_ptr<TestServer> server_;
};

// The `[slack]` config section that points `scribe run` at `fake`.
std::string slack_config(const FakeSlack& fake);
// A Slack ts for now (wall clock), `sequence` keeping a burst's ts distinct.
std::string now_ts(int sequence);

}  // namespace scribe::test
