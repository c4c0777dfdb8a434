// The status endpoint: a tiny HTTP/1.1 server on the app's io_context serving
//   GET /healthz   application/json                          (from a callback)
//   GET /metrics   text/plain; version=0.0.4; charset=utf-8   (from a callback)
// and 404 for any other path, 405 for another method. Requests are bounded
// (431/413 past the limit), every read and write has a timeout, and stop()
// closes the listener and every open connection.
//
// Beast stays inside status_server.cpp; this header only names the io_context.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/net/http_server.hpp"

namespace boost::asio {
class io_context;
}

namespace scribe::net {

class StatusServer {
 public:
  // Returns the HTTP status code and the body. Runs on the io_context thread;
  // an exception becomes a 500.
  using Handler = std::function<std::pair<int, std::string>()>;

  struct Options {
    std::size_t max_request_bytes = 8 * 1024;  // request line + headers + body
    std::chrono::milliseconds timeout{5000};   // each read and each write
    std::size_t max_connections = 32;          // more are closed at once
    // Every other path, when set (the web view); 404 otherwise.
    std::function<ServerResponse(const ServerRequest&)> pages{};
  };

  StatusServer(boost::asio::io_context& io, Handler health, Handler metrics);
  StatusServer(boost::asio::io_context& io, Handler health, Handler metrics, Options options);
  ~StatusServer();  // stop()s
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  // Binds `listen` ("host:port"; port 0 picks a free one) and starts
  // accepting. Returns false, doing nothing, when `listen` is "" (turned off).
  // Throws std::runtime_error naming the address when it is malformed or
  // cannot be bound (in use, not a local address, no permission).
  bool start(std::string_view listen);

  // The port actually bound (useful with port 0); 0 before start().
  unsigned short port() const;

  // Stops accepting and closes every open connection; pending coroutines end
  // on their own. Idempotent, and safe to call from any thread (the work is
  // dispatched to the io_context). Handlers are never called after it.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace scribe::net
