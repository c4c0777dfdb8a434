// A small HTTP/websocket server on 127.0.0.1 for tests: fake Slack and fake
// Matrix are built on it. Plain or TLS, keep-alive, one thread per connection
// (handlers may block, e.g. a long-polled /sync), websocket upgrade on chosen
// paths, and knobs to misbehave: stop accepting, drop every connection, go
// silent on a websocket, drop a websocket without a close frame.
//
// Threads: handlers run on connection threads, never on the test's thread; a
// websocket handler gets its own thread. The destructor stops everything and
// joins every thread; handlers must therefore return when their socket closes
// (TestWebSocket::read_text returns nullopt then) and must not block without a
// bound.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/support/test_tls.hpp"

namespace scribe::test {

using TestHeaders = std::vector<std::pair<std::string, std::string>>;

struct TestRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // path + query as sent
  TestHeaders headers;
  std::string body;
  std::size_t connection_id = 0;  // 1, 2, … in accept order: tells reuse from new connections

  std::string path() const;  // target without the query
  // The first header called `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
};

struct TestResponse {
  int status = 200;
  TestHeaders headers{};  // e.g. {"Retry-After", "1"}
  std::string body{};
  std::string content_type = "application/json";
  std::chrono::milliseconds delay{0};  // wait before answering (cut short by server stop)
  bool close_connection = false;       // answer with Connection: close, then close
  bool drop_connection = false;        // no answer at all: close the TCP connection

  static TestResponse json(std::string body, int status = 200) {
    TestResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

using HttpHandler = std::function<TestResponse(const TestRequest&)>;

// The server's end of one websocket. Thread-safe; every call is non-blocking
// except read_text.
class TestWebSocket {
 public:
  struct Impl;
  explicit TestWebSocket(std::shared_ptr<Impl> impl);
  ~TestWebSocket();

  const TestRequest& upgrade_request() const;  // the HTTP upgrade (target has the query)
  void send_text(std::string text);            // queued, sent in order
  // The next text message from the client; nullopt after `timeout` or once the
  // connection is closed and nothing is left to read.
  std::optional<std::string> read_text(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  void close(std::uint16_t code = 1000);  // close handshake after queued sends
  void abort();                           // drop TCP now, no close frame
  // Stop reading: client pings are no longer answered and nothing arrives.
  // The TCP connection stays up - a silent, stale server.
  void go_silent();
  bool is_open() const;
  // The client's close code once it closed (0 before).
  std::uint16_t client_close_code() const;

 private:
  std::shared_ptr<Impl> impl_;
};

using WebSocketHandler = std::function<void(std::shared_ptr<TestWebSocket>)>;

struct TestServerOptions {
  // Serve TLS with this identity (e.g. test_pki().server); unset: plain HTTP.
  std::optional<TlsIdentity> tls{};
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = {});
  ~TestServer();  // stops accepting, drops connections, joins all threads
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // Set handlers before the client connects. Unrouted requests get 404.
  void on_http(HttpHandler handler);
  // Upgrades requests for `path` (query ignored) and runs `handler` on a
  // thread of its own with the session.
  void on_websocket(std::string path, WebSocketHandler handler);

  std::uint16_t port() const;
  // "http://127.0.0.1:<port>" or "https://…"; ws_url: "ws://…<path>" / "wss://…".
  std::string base_url() const;
  std::string ws_url(std::string_view path_and_query) const;

  std::size_t connections_accepted() const;
  std::vector<TestRequest> requests() const;  // every HTTP request so far, in order
  // Blocks until `n` requests arrived (true) or `timeout` passed (false).
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout);

  // New connections are refused until resume_accepting() (same port).
  void stop_accepting();
  void resume_accepting();
  // Closes every open connection (HTTP and websocket) without a goodbye.
  void drop_all_connections();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scribe::test
