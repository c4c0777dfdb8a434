// Internal to test_server.cpp and test_websocket.cpp: one accepted connection
// and the hand-over of an upgraded one to the websocket session.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "tests/support/test_server.hpp"

namespace scribe::test {

// What TestWebSocket sees; the session in test_websocket.cpp fills it in.
struct TestWebSocket::Impl {
  virtual ~Impl() = default;
  virtual void post_send(std::string text) = 0;
  virtual void post_close(std::uint16_t code) = 0;
  virtual void post_abort() = 0;
  virtual void post_silence() = 0;

  TestRequest request;
  mutable std::mutex mutex;  // guards the fields below
  std::condition_variable arrived;
  std::deque<std::string> inbox;
  bool open = false;     // upgraded and not finished
  bool serving = false;  // the connection thread still runs the io_context
  std::uint16_t client_close_code = 0;
};

namespace detail {

using HttpRequestMessage = boost::beast::http::request<boost::beast::http::string_body>;
using TlsStream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

// One accepted TCP connection and the thread serving it. The socket belongs to
// this connection's own io_context: synchronous while it speaks HTTP, run by
// the connection thread once it is a websocket.
struct Connection {
  boost::asio::io_context io;
  std::size_t id = 0;
  std::thread thread;
  std::atomic<bool> finished{false};

  std::mutex mutex;  // guards the fields below; held while the socket is closed
  int fd = -1;
  bool closed = false;
  bool dropped = false;
  std::shared_ptr<TestWebSocket::Impl> websocket;

  // Wakes any blocking read or write on the socket (other threads may call it).
  void shutdown_socket();
  // Closes the socket for good; after this shutdown_socket() does nothing.
  void close_socket(boost::beast::tcp_stream& stream);
};

// Runs an upgraded connection as a websocket session on the calling
// (connection) thread until it ends; `handler` gets its own thread.
void run_websocket(const std::shared_ptr<Connection>& conn, boost::beast::tcp_stream&& stream,
                   HttpRequestMessage&& upgrade, TestRequest info, const WebSocketHandler& handler);
void run_websocket(const std::shared_ptr<Connection>& conn, TlsStream&& stream,
                   HttpRequestMessage&& upgrade, TestRequest info, const WebSocketHandler& handler);

}  // namespace detail
}  // namespace scribe::test
