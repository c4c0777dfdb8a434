#include "adapters/matrix/client_api.hpp"

#include "adapters/net/errors.hpp"

namespace scribe::matrix {
namespace asio = boost::asio;

namespace {

constexpr std::string_view kClient = "/_matrix/client/v3";

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// A 2xx answer decoded, or the failure naming what went wrong.
template <class Decode>
auto decoded(const net::HttpResult& result, std::string_view what, Decode decode)
    -> ApiResult<decltype(decode(result.body))> {
  throw_if_token_refused(result);
  if (!result.ok())
    return ApiFailure{std::string(what) + ": " + describe_result(result), result.status,
                      decode_error(result.body).errcode};
  try {
    return decode(result.body);
  } catch (const DecodeError& e) {
    return ApiFailure{std::string(what) + ": " + e.what(), result.status, {}};
  }
}

}  // namespace

std::string encode_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

net::RateLimitHint rate_limit_hint() {
  return [](const net::HttpResult& result) -> std::optional<net::Millis> {
    if (result.ec || (result.status != 429 && result.status < 400)) return std::nullopt;
    const ErrorBody error = decode_error(result.body);
    if (error.errcode != "M_LIMIT_EXCEEDED") return std::nullopt;
    if (error.retry_after_ms) return net::Millis(std::max<std::int64_t>(0, *error.retry_after_ms));
    // A 429 without either value falls back to the policy's default wait.
    return result.status == 429 ? std::nullopt : std::optional<net::Millis>(net::Millis(1000));
  };
}

void throw_if_token_refused(const net::HttpResult& result) {
  if (result.ec || result.status != 401) return;
  const ErrorBody error = decode_error(result.body);
  if (error.errcode == "M_UNKNOWN_TOKEN" || error.errcode == "M_MISSING_TOKEN")
    throw MatrixFatalError("the homeserver refused the access token (" + error.errcode +
                           (error.error.empty() ? "" : ": " + error.error) +
                           "); check matrix.access_token");
}

std::string describe_result(const net::HttpResult& result) {
  if (result.ec) return net::describe(result.ec);
  std::string text = "HTTP " + std::to_string(result.status);
  const ErrorBody error = decode_error(result.body);
  if (!error.errcode.empty()) text += " " + error.errcode;
  if (!error.error.empty()) text += ": " + error.error;
  return text;
}

ClientApi::ClientApi(asio::any_io_executor executor, net::HttpClient& http, net::Url homeserver,
                     std::string access_token, net::RetryPolicy policy, net::Clock& clock)
    : http_(http),
      retrying_(std::move(executor), http, std::move(policy), clock),
      homeserver_(std::move(homeserver)),
      authorization_("Bearer " + access_token) {}

net::HttpRequest ClientApi::request(std::string method, std::string_view path_and_query,
                                    std::string body, std::string content_type) const {
  net::HttpRequest r;
  r.method = std::move(method);
  // The homeserver's own path (a reverse proxy prefix, if any) plus the endpoint.
  r.url = homeserver_;
  std::string prefix = r.url.target.substr(0, r.url.target.find('?'));
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  r.url.target = prefix + std::string(path_and_query);
  r.headers.emplace_back("Authorization", authorization_);
  if (!body.empty() || r.method == "POST" || r.method == "PUT") {
    r.body = std::move(body);
    r.content_type = std::move(content_type);
  }
  return r;
}

net::HttpRequest ClientApi::sync_request(const std::string& since, const std::string& filter_id,
                                         int timeout_ms, net::Millis http_timeout) const {
  std::string target = std::string(kClient) + "/sync?timeout=" + std::to_string(timeout_ms);
  if (!since.empty()) target += "&since=" + encode_component(since);
  if (!filter_id.empty()) target += "&filter=" + encode_component(filter_id);
  net::HttpRequest r = request("GET", target);
  r.timeout = http_timeout;
  return r;
}

net::HttpRequest ClientApi::send_request(const std::string& room_id, const std::string& txn_id,
                                         std::string content_json) const {
  net::HttpRequest r = request("PUT",
                               std::string(kClient) + "/rooms/" + encode_component(room_id) +
                                   "/send/m.room.message/" + encode_component(txn_id),
                               std::move(content_json));
  r.idempotent = true;  // the txn id makes a second PUT harmless
  return r;
}

net::HttpRequest ClientApi::create_room_request(std::string body) const {
  return request("POST", std::string(kClient) + "/createRoom", std::move(body));
}

net::HttpRequest ClientApi::upload_request(const std::string& filename,
                                           const std::string& content_type,
                                           std::string bytes) const {
  return request("POST", "/_matrix/media/v3/upload?filename=" + encode_component(filename),
                 std::move(bytes), content_type);
}

asio::awaitable<net::HttpResult> ClientApi::once(net::HttpRequest request) {
  co_return co_await http_.request(std::move(request));
}

asio::awaitable<net::HttpResult> ClientApi::call(net::HttpRequest request) {
  net::HttpResult result = co_await retrying_.request(std::move(request), rate_limit_hint());
  throw_if_token_refused(result);
  co_return result;
}

asio::awaitable<ApiResult<Whoami>> ClientApi::whoami() {
  const auto result = co_await call(request("GET", std::string(kClient) + "/account/whoami"));
  co_return decoded(result, "whoami", decode_whoami);
}

asio::awaitable<ApiResult<std::string>> ClientApi::create_filter(const std::string& user_id,
                                                                 std::string filter_json) {
  const auto result = co_await call(
      request("POST", std::string(kClient) + "/user/" + encode_component(user_id) + "/filter",
              std::move(filter_json)));
  co_return decoded(result, "create filter",
                    [](const std::string& body) { return decode_string_field(body, "filter_id"); });
}

asio::awaitable<ApiResult<MessagesPage>> ClientApi::messages(const std::string& room_id,
                                                             const std::string& from,
                                                             const std::string& to, char dir,
                                                             int limit,
                                                             const std::string& filter_json) {
  std::string target = std::string(kClient) + "/rooms/" + encode_component(room_id) +
                       "/messages?dir=" + std::string(1, dir) + "&limit=" + std::to_string(limit);
  if (!from.empty()) target += "&from=" + encode_component(from);
  if (!to.empty()) target += "&to=" + encode_component(to);
  if (!filter_json.empty()) target += "&filter=" + encode_component(filter_json);
  const auto result = co_await call(request("GET", target));
  co_return decoded(result, "messages", decode_messages);
}

asio::awaitable<ApiResult<std::string>> ClientApi::join(const std::string& room_id) {
  const auto result = co_await call(
      request("POST", std::string(kClient) + "/join/" + encode_component(room_id), "{}"));
  co_return decoded(result, "join",
                    [](const std::string& body) { return decode_string_field(body, "room_id"); });
}

asio::awaitable<ApiDone> ClientApi::leave(const std::string& room_id) {
  const auto result = co_await call(request(
      "POST", std::string(kClient) + "/rooms/" + encode_component(room_id) + "/leave", "{}"));
  co_return decoded(result, "leave", [](const std::string&) { return std::monostate{}; });
}

void ClientApi::stop() {
  retrying_.stop();
}

net::RetryCounters ClientApi::counters() const {
  return retrying_.counters();
}

}  // namespace scribe::matrix
