// An HTTP/1.1 client for the platforms' Web APIs: keep-alive connections pooled
// per origin, timeouts on every step, a response size limit, and TLS that always
// verifies the peer. http:// works without TLS for local setups and tests.
//
// Coroutine style: every request is `co_await client.request(...)` on the one
// io_context thread. Failures come back as HttpResult::ec, never as exceptions.
// Beast stays inside http_client.cpp; this header is cheap to include.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/net/url.hpp"

namespace scribe::net {

using boost::system::error_code;
using Millis = std::chrono::milliseconds;

// Header fields in order; names compare case-insensitively (see find_header).
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The value of the first field called `name` (any case), or nullopt.
std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, DELETE, PATCH, HEAD
  Url url{};                   // http or https
  // Extra fields, e.g. {"Authorization", "Bearer xoxb-…"}. Their values are
  // never logged. Host, User-Agent, Content-Length and Connection are set for you.
  HttpHeaders headers{};
  std::string body{};
  std::string content_type{};  // sent when non-empty, e.g. "application/json; charset=utf-8"
  // Time allowed for sending the request and receiving the whole response
  // (connecting is separate). Unset: HttpClientOptions::request_timeout. A
  // Matrix /sync long poll with timeout=30000 needs more than 30 s here.
  std::optional<Millis> timeout{};
  // Safe to send twice (the server deduplicates, e.g. a Matrix PUT with a txn
  // id). GET/HEAD/PUT/DELETE count as idempotent anyway. Only widens the
  // stale-connection retry described at HttpClient::request.
  bool idempotent = false;
};

struct HttpResult {
  error_code ec{};        // transport failure (connect, TLS, timeout, size limit); status is 0 then
  int status = 0;         // HTTP status when ec is clear
  HttpHeaders headers{};  // response fields
  std::string body{};
  // The request was written completely before the failure. When false the
  // server cannot have acted on it, so sending it again is always safe.
  bool request_sent = false;

  // A 2xx response arrived.
  bool ok() const { return !ec && status >= 200 && status < 300; }
  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
  // The Retry-After field as a wait: delta-seconds ("30", also "1.5") or an
  // HTTP-date (turned into time from now, at least 0). nullopt when absent or
  // unreadable.
  std::optional<Millis> retry_after() const;
};

struct HttpClientOptions {
  Millis connect_timeout{10'000};             // name lookup, TCP connect and TLS handshake, each
  Millis request_timeout{30'000};             // write + full response, unless HttpRequest::timeout
  std::size_t body_limit = 16 * 1024 * 1024;  // a larger response fails with http body_limit
  std::size_t max_idle_per_origin = 4;        // pooled keep-alive connections kept per origin
  Millis idle_expiry{30'000};  // a pooled connection idle this long is closed, not reused
  std::string user_agent = "scribe/0.1";
};

class HttpClient {
 public:
  // `tls` is used for https and must outlive the client; make it with
  // make_tls_context() so peer and host name are always verified.
  HttpClient(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
             HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the whole response. Any number may run at once
  // (e.g. a Matrix long poll next to sends); each takes an idle pooled
  // connection to the same origin or opens a new one.
  //
  // A pooled connection may have been closed by the server while it sat idle.
  // When a reused connection fails before any response byte arrives, the
  // request is sent once more on a fresh connection if it is idempotent (see
  // HttpRequest::idempotent) or if the failure shows the server had closed the
  // connection (eof/reset/broken pipe - it never read the request). A timeout
  // is never retried here: the server may be working on it. Policy retries
  // (429, 5xx, backoff) belong to RetryingHttp.
  boost::asio::awaitable<HttpResult> request(HttpRequest request);

  // For shutdown: closes pooled connections, cancels requests in flight (they
  // finish with operation_aborted) and makes later requests fail at once with
  // Error::shut_down.
  void shutdown();

  // Connections opened so far (new TCP connections, not reuses): a cheap
  // observable for metrics and keep-alive tests.
  std::size_t connections_opened() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with requests in flight, so it outlives them
};

}  // namespace scribe::net
