// The Matrix client-server REST endpoints Scribe uses, over the net layer.
// Requests are built here (Authorization header, percent-encoded ids, JSON
// bodies); calls that may wait out rate limits and transient failures go
// through net::RetryingHttp. The access token is only ever put in the
// Authorization header, never in a URL and never in a log line.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "adapters/matrix/decoder.hpp"
#include "adapters/net/http_client.hpp"
#include "adapters/net/retrying.hpp"

namespace scribe::matrix {

// The homeserver refused our access token (401 M_UNKNOWN_TOKEN or
// M_MISSING_TOKEN): nothing will work until the config changes.
struct MatrixFatalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A call that failed for good (after any retries): the server said no, its
// answer was unreadable, or the network stayed down for every attempt.
struct ApiFailure {
  std::string what;  // for the log: "join: HTTP 403 M_FORBIDDEN: You are not invited"
  int status = 0;    // 0: no HTTP answer at all
  std::string errcode;
  // The server said no for good (a 4xx but 429): asking again will not help.
  bool refused() const { return status >= 400 && status < 500 && status != 429; }
};

// An endpoint's answer, or why there is none: errors as values.
template <class T>
class ApiResult {
 public:
  // Not answered (what co_spawn hands over when the call threw).
  ApiResult() : state_(ApiFailure{"not answered", 0, {}}) {}
  ApiResult(T value) : state_(std::move(value)) {}
  ApiResult(ApiFailure failure) : state_(std::move(failure)) {}
  explicit operator bool() const { return state_.index() == 0; }
  const T& operator*() const { return std::get<0>(state_); }
  const T* operator->() const { return &std::get<0>(state_); }
  const ApiFailure& failure() const { return std::get<1>(state_); }

 private:
  std::variant<T, ApiFailure> state_;
};
using ApiDone = ApiResult<std::monostate>;

// Percent-encodes everything but RFC 3986 unreserved characters: room ids
// (!a:b), event ids ($x), user ids (@u:s), txn ids and sync tokens.
std::string encode_component(std::string_view text);

// M_LIMIT_EXCEEDED's retry_after_ms (deprecated since v1.10, still sent by
// servers) as a rate-limit wait; the Retry-After header wins where present.
net::RateLimitHint rate_limit_hint();

// A 401 meaning our token is bad: throws MatrixFatalError. Anything else: no-op.
void throw_if_token_refused(const net::HttpResult& result);

// One line for logs: status, errcode and message, or the transport error.
std::string describe_result(const net::HttpResult& result);

class ClientApi {
 public:
  ClientApi(boost::asio::any_io_executor executor, net::HttpClient& http, net::Url homeserver,
            std::string access_token, net::RetryPolicy policy = {},
            net::Clock& clock = net::Clock::steady());

  // A request to `path_and_query` on the homeserver (e.g.
  // "/_matrix/client/v3/account/whoami"), with our Authorization header.
  net::HttpRequest request(std::string method, std::string_view path_and_query,
                           std::string body = {},
                           std::string content_type = "application/json") const;

  // The requests the sync loop and the outbound jobs send themselves.
  net::HttpRequest sync_request(const std::string& since, const std::string& filter_id,
                                int timeout_ms, net::Millis http_timeout) const;
  net::HttpRequest send_request(const std::string& room_id, const std::string& txn_id,
                                std::string content_json) const;
  net::HttpRequest create_room_request(std::string body) const;
  net::HttpRequest upload_request(const std::string& filename, const std::string& content_type,
                                  std::string bytes) const;

  // One attempt, no retries: for outbound jobs, which the queue retries.
  boost::asio::awaitable<net::HttpResult> once(net::HttpRequest request);

  // One request with retries for 429 and transient failures (bounded by the
  // policy's max_attempts). Throws MatrixFatalError on a refused token.
  boost::asio::awaitable<net::HttpResult> call(net::HttpRequest request);

  // The endpoints: their answer, or the failure. (A refused token still
  // throws MatrixFatalError: nothing can go on.)
  boost::asio::awaitable<ApiResult<Whoami>> whoami();
  boost::asio::awaitable<ApiResult<std::string>> create_filter(const std::string& user_id,
                                                               std::string filter_json);
  // GET /rooms/{roomId}/messages?from=&to=&dir=&limit=&filter=
  boost::asio::awaitable<ApiResult<MessagesPage>> messages(const std::string& room_id,
                                                           const std::string& from,
                                                           const std::string& to, char dir,
                                                           int limit,
                                                           const std::string& filter_json);
  boost::asio::awaitable<ApiResult<std::string>> join(const std::string& room_id);  // -> room_id
  boost::asio::awaitable<ApiDone> leave(const std::string& room_id);

  // Wakes any wait in progress and refuses new calls (shutdown).
  void stop();
  net::RetryCounters counters() const;

 private:
  net::HttpClient& http_;
  net::RetryingHttp retrying_;
  net::Url homeserver_;
  std::string authorization_;  // "Bearer <token>": secret
};

}  // namespace scribe::matrix
