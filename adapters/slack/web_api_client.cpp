#include "adapters/slack/web_api_client.hpp"

#include <boost/json.hpp>
#include <set>

#include "adapters/net/errors.hpp"
#include "adapters/net/json_fields.hpp"

namespace scribe::slack {
namespace json = net::json;

namespace asio = boost::asio;
namespace bj = boost::json;

namespace {

// Slack's own words for "try again later".
const std::set<std::string, std::less<>> kTransientErrors = {
    "internal_error", "fatal_error", "service_unavailable", "request_timeout"};

const std::set<std::string, std::less<>> kFatalAuthErrors = {
    "invalid_auth",  "not_authed",    "account_inactive",       "token_revoked",
    "token_expired", "team_disabled", "user_removed_from_team", "not_allowed_token_type"};

ApiReply failed(std::string error) {
  ApiReply r;
  r.error = std::move(error);
  return r;
}

}  // namespace

bool is_fatal_auth_error(std::string_view error) {
  return kFatalAuthErrors.contains(error);
}

net::SendOutcome ApiReply::outcome() const {
  if (ok) return net::SendOutcome::done();
  if (retry_after) return net::SendOutcome::retry_after(*retry_after);
  if (transient) return net::SendOutcome::transient_failure(error);
  return net::SendOutcome::permanent_failure(error);
}

ApiReply decode_reply(const net::HttpResult& result) {
  ApiReply r;
  r.status = result.status;
  const net::Classified verdict = net::classify(result);
  if (result.ec) {
    r.error = net::describe(result.ec);
    r.transient = verdict.kind == net::ResultKind::transient;
    r.tls_refused = net::is_tls_verification_failure(result.ec);
    return r;
  }
  r.body = result.body;
  if (auto body = json::parse_object(result.body)) {
    r.ok = json::boolean(*body, "ok");
    r.error = json::str(*body, "error");
  } else {
    r.ok = false;
  }
  if (verdict.kind == net::ResultKind::rate_limited) {
    r.ok = false;
    r.retry_after = verdict.wait;
    if (r.error.empty()) r.error = "ratelimited";
    return r;
  }
  if (!r.ok && r.error == "ratelimited") {  // Slack's word without a 429
    r.retry_after = result.retry_after().value_or(std::chrono::seconds(30));
    return r;
  }
  if (result.status < 200 || result.status >= 300) {
    r.ok = false;
    if (r.error.empty()) r.error = "http_" + std::to_string(result.status);
  } else if (!r.ok && r.error.empty()) {
    r.error = "unreadable answer";
  }
  r.transient = verdict.kind == net::ResultKind::transient || kTransientErrors.contains(r.error);
  return r;
}

BOOST_DESCRIBE_STRUCT(AuthIdentity, (), (user_id, bot_id, user, team))
BOOST_DESCRIBE_STRUCT(SocketTicket, (), (url))
BOOST_DESCRIBE_STRUCT(ChannelInfo, (), (id, name, is_private))
BOOST_DESCRIBE_STRUCT(UploadTicket, (), (upload_url, file_id))
BOOST_DESCRIBE_STRUCT(UserProfile, (), (name, real_name, tz))

namespace {

// The answer's object, or an empty one (an unreadable answer reads as empty).
bj::value answer_of(const ApiReply& reply) {
  auto body = json::parse_object(reply.body);
  return body ? std::move(*body) : bj::value(bj::object());
}

// The object under `key`, or an empty one.
bj::value part(const bj::value& v, std::string_view key) {
  const auto* p = json::object(v, key);
  return p ? *p : bj::value(bj::object());
}

}  // namespace

AuthIdentity read_auth_identity(const ApiReply& reply) {
  return json::described<AuthIdentity>(answer_of(reply));
}

SocketTicket read_socket_ticket(const ApiReply& reply) {
  return json::described<SocketTicket>(answer_of(reply));
}

ChannelInfo read_channel(const ApiReply& reply) {
  return json::described<ChannelInfo>(part(answer_of(reply), "channel"));
}

UploadTicket read_upload_ticket(const ApiReply& reply) {
  return json::described<UploadTicket>(answer_of(reply));
}

UserProfile read_user(const ApiReply& reply) {
  const bj::value user = part(answer_of(reply), "user");
  UserProfile u = json::described<UserProfile>(user);
  u.display_name = json::str(part(user, "profile"), "display_name");
  return u;
}

std::string form_encode(const Args& args) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  auto put = [&](std::string_view s) {
    for (unsigned char c : s) {
      if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
        out += static_cast<char>(c);
      } else if (c == ' ') {
        out += '+';
      } else {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
      }
    }
  };
  for (const auto& [k, v] : args) {
    if (!out.empty()) out += '&';
    put(k);
    out += '=';
    put(v);
  }
  return out;
}

WebApiClient::WebApiClient(net::HttpClient& http, net::RetryingHttp& retrying, net::Url api_base,
                           std::string token, net::Millis timeout)
    : http_(http),
      retrying_(retrying),
      base_(std::move(api_base)),
      token_(std::move(token)),
      timeout_(timeout) {}

std::optional<net::HttpRequest> WebApiClient::build(std::string_view method, const Args& args,
                                                    Encoding encoding, std::string& error) const {
  auto url = net::Url::resolve(base_, method, &error);
  if (!url) return std::nullopt;
  net::HttpRequest request;
  request.method = "POST";
  request.url = std::move(*url);
  request.headers.emplace_back("Authorization", "Bearer " + token_);
  request.timeout = timeout_;
  if (encoding == Encoding::json) {
    bj::object body;
    for (const auto& [k, v] : args) body[k] = v;
    request.body = bj::serialize(body);
    request.content_type = "application/json; charset=utf-8";
  } else {
    request.body = form_encode(args);
    request.content_type = "application/x-www-form-urlencoded";
  }
  return request;
}

asio::awaitable<ApiReply> WebApiClient::call(std::string_view method, Args args,
                                             Encoding encoding) {
  std::string error;
  auto request = build(method, args, encoding, error);
  if (!request) co_return failed("bad api_url: " + error);
  co_return decode_reply(co_await http_.request(std::move(*request)));
}

asio::awaitable<ApiReply> WebApiClient::call_retrying(std::string_view method, Args args,
                                                      Encoding encoding) {
  std::string error;
  auto request = build(method, args, encoding, error);
  if (!request) co_return failed("bad api_url: " + error);
  // Slack may answer "ratelimited" with HTTP 200: treat it like a 429.
  net::RateLimitHint hint = [](const net::HttpResult& r) -> std::optional<net::Millis> {
    if (r.ec || r.status == 429 || r.body.find("\"ratelimited\"") == std::string::npos)
      return std::nullopt;
    return r.retry_after().value_or(std::chrono::seconds(30));
  };
  co_return decode_reply(co_await retrying_.request(std::move(*request), hint));
}

asio::awaitable<ApiReply> WebApiClient::upload(const std::string& url, std::string content) {
  std::string error;
  auto target = net::Url::parse(url, &error);
  if (!target) co_return failed("bad upload_url: " + error);
  net::HttpRequest request;
  request.method = "POST";
  request.url = std::move(*target);
  request.body = std::move(content);
  request.content_type = "application/octet-stream";
  request.timeout = timeout_;
  const net::HttpResult result = co_await http_.request(std::move(request));
  ApiReply r = decode_reply(result);
  r.ok = result.ok();  // the upload URL answers "OK - <length>", not JSON
  if (r.ok) r.error.clear();
  co_return r;
}

}  // namespace scribe::slack
