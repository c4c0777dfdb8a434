// TestServer: a polling accept thread on 127.0.0.1:0 and one thread per
// connection speaking synchronous Beast HTTP (so handlers may block), handing
// upgraded connections to test_websocket.cpp. Stopping never waits on a peer:
// sockets are shut down from outside (::shutdown wakes blocking calls).
#include "tests/support/test_server.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <condition_variable>
#include <list>
#include <map>

#include "tests/support/test_server_detail.hpp"

namespace scribe::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;
using detail::Connection;

namespace detail {

void Connection::shutdown_socket() {
  std::lock_guard lock(mutex);
  if (!closed && fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

void Connection::close_socket(beast::tcp_stream& stream) {
  std::lock_guard lock(mutex);
  closed = true;
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.socket().close(ignored);
}

}  // namespace detail

std::string TestRequest::path() const {
  return target.substr(0, target.find('?'));
}

std::string TestRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (beast::iequals(key, name)) return value;
  return {};
}

struct TestServer::Impl {
  std::optional<asio::ssl::context> tls;
  asio::io_context accept_io;  // owns the acceptor; never run (accept is polled)
  tcp::acceptor acceptor{accept_io};
  std::uint16_t port = 0;
  std::thread accept_thread;
  std::atomic<bool> accepting{false};
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> accepted{0};

  mutable std::mutex mutex;         // guards everything below
  std::condition_variable changed;  // a request arrived, or connections were dropped
  HttpHandler http_handler;
  std::map<std::string, WebSocketHandler> websocket_handlers;
  std::vector<TestRequest> requests;
  std::list<std::shared_ptr<Connection>> connections;

  void listen() {
    tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    acceptor.non_blocking(true);
    port = acceptor.local_endpoint().port();
    accepting = true;
    accept_thread = std::thread([this] { accept_loop(); });
  }

  void stop_listening() {
    accepting = false;
    if (accept_thread.joinable()) accept_thread.join();
    error_code ignored;
    acceptor.close(ignored);
  }

  void accept_loop() {
    while (accepting) {
      pollfd listener{acceptor.native_handle(), POLLIN, 0};
      if (::poll(&listener, 1, 20) <= 0 || !accepting) continue;
      auto conn = std::make_shared<Connection>();
      tcp::socket socket(conn->io);
      error_code ec;
      acceptor.accept(socket, ec);
      if (ec) continue;
      socket.non_blocking(false, ec);
      conn->id = ++accepted;
      conn->fd = socket.native_handle();
      reap_finished();
      std::lock_guard lock(mutex);
      conn->thread = std::thread([this, conn, s = std::move(socket)]() mutable {
        serve(conn, std::move(s));
        conn->finished = true;
      });
      connections.push_back(conn);
    }
  }

  void reap_finished() {
    std::list<std::shared_ptr<Connection>> done;
    {
      std::lock_guard lock(mutex);
      for (auto it = connections.begin(); it != connections.end();) {
        if ((*it)->finished) {
          done.push_back(std::move(*it));
          it = connections.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (auto& conn : done) conn->thread.join();
  }

  void drop_all() {
    std::lock_guard lock(mutex);
    for (auto& conn : connections) {
      std::shared_ptr<TestWebSocket::Impl> websocket;
      {
        std::lock_guard conn_lock(conn->mutex);
        conn->dropped = true;
        websocket = conn->websocket;
      }
      conn->shutdown_socket();
      if (websocket) websocket->post_abort();
    }
    changed.notify_all();  // cuts response delays short
  }

  void serve(const std::shared_ptr<Connection>& conn, tcp::socket socket) {
    beast::tcp_stream plain(std::move(socket));
    if (!tls) return serve_http(conn, plain);
    detail::TlsStream stream(std::move(plain), *tls);
    error_code ec;
    stream.handshake(asio::ssl::stream_base::server, ec);  // a refusing client ends it here
    if (ec) return conn->close_socket(beast::get_lowest_layer(stream));
    serve_http(conn, stream);
  }

  template <class Stream>
  void serve_http(const std::shared_ptr<Connection>& conn, Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(64 * 1024);
      parser.body_limit(64 * 1024 * 1024);
      error_code ec;
      http::read(stream, buffer, parser, ec);
      if (ec || stopping) break;
      auto message = parser.release();
      TestRequest request = describe(message, conn->id);
      record(request);
      if (beast::websocket::is_upgrade(message)) {
        auto handler = websocket_handler(request.path());
        if (handler)
          return detail::run_websocket(conn, std::move(stream), std::move(message),
                                       std::move(request), handler);
      }
      TestResponse response = respond(request);
      if (response.delay.count() > 0) {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, response.delay, [&] { return stopping || dropped(*conn); });
      }
      if (stopping || response.drop_connection || dropped(*conn)) break;
      http::response<http::string_body> reply{static_cast<http::status>(response.status),
                                              message.version()};
      for (const auto& [name, value] : response.headers) reply.insert(name, value);
      if (!response.content_type.empty())
        reply.set(http::field::content_type, response.content_type);
      reply.body() = std::move(response.body);
      reply.keep_alive(message.keep_alive() && !response.close_connection);
      reply.prepare_payload();
      http::write(stream, reply, ec);
      if (ec || !reply.keep_alive()) break;
    }
    conn->close_socket(beast::get_lowest_layer(stream));
  }

  static bool dropped(Connection& conn) {
    std::lock_guard lock(conn.mutex);
    return conn.dropped;
  }

  static TestRequest describe(const detail::HttpRequestMessage& message, std::size_t id) {
    TestRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message)
      request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = message.body();
    request.connection_id = id;
    return request;
  }

  void record(const TestRequest& request) {
    {
      std::lock_guard lock(mutex);
      requests.push_back(request);
    }
    changed.notify_all();
  }

  WebSocketHandler websocket_handler(const std::string& path) {
    std::lock_guard lock(mutex);
    auto found = websocket_handlers.find(path);
    return found == websocket_handlers.end() ? WebSocketHandler{} : found->second;
  }

  TestResponse respond(const TestRequest& request) {
    HttpHandler handler;
    {
      std::lock_guard lock(mutex);
      handler = http_handler;
    }
    if (!handler) return TestResponse::json(R"({"error":"no handler"})", 404);
    try {
      return handler(request);
    } catch (...) {  // a broken test handler shows up as a 500, not a crash
      return TestResponse::json(R"({"error":"handler threw"})", 500);
    }
  }
};

TestServer::TestServer(TestServerOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.tls) {
    impl_->tls.emplace(asio::ssl::context::tls_server);
    impl_->tls->use_certificate_chain(asio::buffer(options.tls->cert_pem));
    impl_->tls->use_private_key(asio::buffer(options.tls->key_pem), asio::ssl::context::pem);
  }
  impl_->listen();
}

TestServer::~TestServer() {
  impl_->stopping = true;
  impl_->stop_listening();
  impl_->drop_all();
  std::list<std::shared_ptr<Connection>> all;
  {
    std::lock_guard lock(impl_->mutex);
    all.swap(impl_->connections);
  }
  for (auto& conn : all) conn->thread.join();
}

void TestServer::on_http(HttpHandler handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->http_handler = std::move(handler);
}

void TestServer::on_websocket(std::string path, WebSocketHandler handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->websocket_handlers[std::move(path)] = std::move(handler);
}

std::uint16_t TestServer::port() const {
  return impl_->port;
}

std::string TestServer::base_url() const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(port());
}

std::string TestServer::ws_url(std::string_view path_and_query) const {
  return std::string(impl_->tls ? "wss" : "ws") + "://127.0.0.1:" + std::to_string(port()) +
         std::string(path_and_query);
}

std::size_t TestServer::connections_accepted() const {
  return impl_->accepted;
}

std::vector<TestRequest> TestServer::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->requests;
}

bool TestServer::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, timeout, [&] { return impl_->requests.size() >= n; });
}

void TestServer::stop_accepting() {
  impl_->stop_listening();
}

void TestServer::resume_accepting() {
  if (!impl_->accepting) impl_->listen();
}

void TestServer::drop_all_connections() {
  impl_->drop_all();
}

}  // namespace scribe::test
