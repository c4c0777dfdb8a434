// A small HTTP/1.1 server on the app's io_context, plain or TLS, for the
// endpoints Scribe serves: the status endpoint, the signals webhooks, the web
// view. Requests are bounded (431/413 past the limits), every read and write
// has a timeout, and stop() closes the listener and every open connection.
// The handler runs on the io_context thread and answers synchronously: what
// it answers is what was committed.
//
// Beast stays inside http_server.cpp; this header names only the io_context
// and the TLS context.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace scribe::net {

struct ServerRequest {
  using Headers = std::vector<std::pair<std::string, std::string>>;
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  Headers headers;
  std::string body;
  std::string peer;  // the client's address, "127.0.0.1"

  std::string_view path() const { return std::string_view(target).substr(0, target.find('?')); }
  // The first header of that name (names compare without case); "" when absent.
  std::string_view header(std::string_view name) const;
};

struct ServerResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;  // end the connection after this answer
};

class HttpServer {
 public:
  // An exception from the handler becomes a 500 (and is not an error of the server).
  using Handler = std::function<ServerResponse(const ServerRequest&)>;
  // The answer to a request refused before the handler saw it (400, 413, 431).
  using Refusal = std::function<ServerResponse(int status, std::string_view reason)>;

  struct Options {
    std::size_t max_header_bytes = 8 * 1024;  // request line + headers
    std::size_t max_body_bytes = 8 * 1024;
    std::chrono::milliseconds timeout{5000};  // each read, each write, the TLS handshake
    std::size_t max_connections = 32;         // more are closed at once
    Refusal refusal;                          // default: a plain-text line
    // TLS of its own when set (certificate and key loaded); plain TCP otherwise.
    std::shared_ptr<boost::asio::ssl::context> tls;
    std::string config_key = "http.listen";  // names the address in errors
  };

  HttpServer(boost::asio::io_context& io, Handler handler, Options options);
  ~HttpServer();  // stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds `listen` ("host:port"; port 0 picks a free one) and starts
  // accepting. Returns false, doing nothing, when `listen` is "" (turned off).
  // Throws std::runtime_error naming the address when it is malformed or
  // cannot be bound (in use, not a local address, no permission).
  bool start(std::string_view listen);

  // The port actually bound (useful with port 0); 0 before start().
  unsigned short port() const;
  bool stopped() const;

  // Stops accepting and closes every open connection; pending coroutines end
  // on their own. Idempotent, and safe to call from any thread (the work is
  // dispatched to the io_context). The handler is never called after it.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace scribe::net
