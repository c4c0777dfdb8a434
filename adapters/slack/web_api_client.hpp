// The Slack Web API over the shared net layer: one method call, its `ok` /
// `error` envelope decoded, and what a retry loop needs to know about it.
// Tokens travel only in the Authorization header and are never logged.
//
// Encodings, as Slack reads them: write methods (chat.*, conversations.*)
// take JSON bodies; older read methods (users.info) and the upload methods
// (files.getUploadURLExternal, files.completeUploadExternal) only read
// form-encoded arguments and silently ignore a JSON body.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/net/http_client.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "adapters/net/retrying.hpp"
#include "adapters/net/url.hpp"

namespace scribe::slack {

// Slack said the credentials are wrong for good (or TLS was refused at
// startup): retrying cannot help, the config must change.
struct SlackFatalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// invalid_auth, not_authed, account_inactive, token_revoked, token_expired,
// team_disabled, user_removed_from_team, not_allowed_token_type.
bool is_fatal_auth_error(std::string_view error);

enum class Encoding { json, form };
using Args = std::vector<std::pair<std::string, std::string>>;

// One Web API answer.
struct ApiReply {
  bool ok = false;
  // Slack's own error ("channel_not_found"), "http_<status>" for a non-JSON
  // failure, or the transport error's description.
  std::string error;
  int status = 0;                          // HTTP status; 0 when the request never got an answer
  std::optional<net::Millis> retry_after;  // 429 (or Slack's "ratelimited")
  bool transient = false;                  // worth trying again after a backoff
  bool tls_refused = false;                // the peer's certificate was refused
  std::string body;                        // the answer as sent, for the readers below

  // How an OutboundQueue job should treat this answer.
  net::SendOutcome outcome() const;
};

// The parts of answers Scribe reads, typed; what an answer lacks reads as
// empty (Slack omits fields freely).
struct AuthIdentity {  // auth.test
  std::string user_id;
  std::string bot_id;
  std::string user;
  std::string team;
};
struct SocketTicket {  // apps.connections.open
  std::string url;
};
struct ChannelInfo {  // conversations.create, conversations.open: "channel"
  std::string id;
  std::string name;
  bool is_private = false;
};
struct UploadTicket {  // files.getUploadURLExternal
  std::string upload_url;
  std::string file_id;
};
struct UserProfile {  // users.info: "user", with profile.display_name
  std::string name;
  std::string real_name;
  std::string display_name;
  std::string tz;
};

AuthIdentity read_auth_identity(const ApiReply& reply);
SocketTicket read_socket_ticket(const ApiReply& reply);
ChannelInfo read_channel(const ApiReply& reply);
UploadTicket read_upload_ticket(const ApiReply& reply);
UserProfile read_user(const ApiReply& reply);

// Decodes an HTTP result into an ApiReply (exposed for tests).
ApiReply decode_reply(const net::HttpResult& result);

class WebApiClient {
 public:
  // `api_base` is the configured api_url ("https://slack.com/api/"); `http`
  // and `retrying` must outlive the client.
  WebApiClient(net::HttpClient& http, net::RetryingHttp& retrying, net::Url api_base,
               std::string token, net::Millis timeout = std::chrono::seconds(15));

  // One attempt (for queue jobs, which retry themselves).
  boost::asio::awaitable<ApiReply> call(std::string_view method, Args args = {},
                                        Encoding encoding = Encoding::json);
  // Rides out 429s and transient failures (net::RetryingHttp) until a final answer.
  boost::asio::awaitable<ApiReply> call_retrying(std::string_view method, Args args = {},
                                                 Encoding encoding = Encoding::json);
  // POSTs raw bytes to an upload URL Slack handed out (no token: the URL is the credential).
  boost::asio::awaitable<ApiReply> upload(const std::string& url, std::string content);

  const net::Url& base() const { return base_; }

 private:
  std::optional<net::HttpRequest> build(std::string_view method, const Args& args,
                                        Encoding encoding, std::string& error) const;

  net::HttpClient& http_;
  net::RetryingHttp& retrying_;
  net::Url base_;
  std::string token_;
  net::Millis timeout_;
};

// "a b&c" -> "a+b%26c" (application/x-www-form-urlencoded).
std::string form_encode(const Args& args);

}  // namespace scribe::slack
