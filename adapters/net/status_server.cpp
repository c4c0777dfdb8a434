#include "adapters/net/status_server.hpp"

#include <atomic>
#include <map>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include "adapters/net/listen_address.hpp"

namespace scribe::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kJson = "application/json";
constexpr std::string_view kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kPlainText = "text/plain; charset=utf-8";

using Response = http::response<http::string_body>;

Response make_response(unsigned status, std::string_view content_type, std::string body,
                       unsigned version, bool keep_alive) {
  Response res;
  res.version(version);
  res.result(status);
  res.set(http::field::server, "scribe");
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace

struct StatusServer::Impl : std::enable_shared_from_this<StatusServer::Impl> {
  Impl(asio::io_context& io_, Handler health_, Handler metrics_, Options options_)
      : io(io_),
        health(std::move(health_)),
        metrics(std::move(metrics_)),
        options(options_),
        acceptor(io_) {}

  asio::io_context& io;
  Handler health;
  Handler metrics;
  Options options;
  tcp::acceptor acceptor;
  std::atomic<bool> stopped{false};
  std::atomic<unsigned short> bound_port{0};
  std::uint64_t next_session = 0;
  // Streams live in their session's coroutine frame; they unregister on exit.
  std::map<std::uint64_t, beast::tcp_stream*> sessions;

  Response route(const http::request<http::string_body>& req) {
    std::string_view target = req.target();
    target = target.substr(0, target.find('?'));
    const Handler* handler = nullptr;
    std::string_view type;
    if (target == "/healthz") {
      handler = &health;
      type = kJson;
    } else if (target == "/metrics") {
      handler = &metrics;
      type = kPrometheusText;
    }
    const bool keep_alive = req.keep_alive();
    if (handler == nullptr)
      return make_response(404, kPlainText, "not found; try /healthz or /metrics\n", req.version(),
                           keep_alive);
    if (req.method() != http::verb::get) {
      auto res = make_response(405, kPlainText, "only GET\n", req.version(), keep_alive);
      res.set(http::field::allow, "GET");
      return res;
    }
    if (stopped || !*handler)
      return make_response(503, kPlainText, "shutting down\n", req.version(), false);
    try {
      auto [status, body] = (*handler)();
      if (status < 100 || status > 599) status = 500;
      return make_response(static_cast<unsigned>(status), type, std::move(body), req.version(),
                           keep_alive);
    } catch (const std::exception& e) {
      return make_response(500, kPlainText, std::string("internal error: ") + e.what() + "\n",
                           req.version(), false);
    } catch (...) {
      return make_response(500, kPlainText, "internal error\n", req.version(), false);
    }
  }

  static asio::awaitable<void> session(std::shared_ptr<Impl> self, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    const std::uint64_t id = self->next_session++;
    self->sessions.emplace(id, &stream);
    struct Unregister {
      Impl& impl;
      std::uint64_t id;
      ~Unregister() { impl.sessions.erase(id); }
    } unregister{*self, id};

    const auto limit = self->options.max_request_bytes;
    beast::flat_buffer buffer(limit);  // never grows past the limit
    while (!self->stopped) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(limit));
      parser.body_limit(limit);
      stream.expires_after(self->options.timeout);
      auto [read_error, read] = co_await http::async_read(stream, buffer, parser, kUseTuple);
      if (read_error) {
        // Tell a client that sent too much why; anything else just ends the connection.
        unsigned status = 0;
        if (read_error == http::error::header_limit || read_error == http::error::buffer_overflow)
          status = 431;
        else if (read_error == http::error::body_limit)
          status = 413;
        else if (read_error.category() ==
                     http::make_error_code(http::error::bad_target).category() &&
                 read_error != http::error::end_of_stream &&
                 read_error != http::error::partial_message)
          status = 400;
        if (status != 0 && !self->stopped) {
          auto res = make_response(status, kPlainText, "request refused\n", 11, false);
          stream.expires_after(self->options.timeout);
          co_await http::async_write(stream, res, kUseTuple);
        }
        break;
      }
      Response res = self->route(parser.get());
      stream.expires_after(self->options.timeout);
      auto [write_error, written] = co_await http::async_write(stream, res, kUseTuple);
      if (write_error || !res.keep_alive()) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.close();
  }

  static asio::awaitable<void> accept_loop(std::shared_ptr<Impl> self) {
    while (!self->stopped) {
      auto [error, socket] = co_await self->acceptor.async_accept(kUseTuple);
      if (self->stopped || error == asio::error::operation_aborted) co_return;
      if (error) {
        // Out of file descriptors and the like: breathe, then keep serving.
        asio::steady_timer pause(self->io, std::chrono::milliseconds(100));
        co_await pause.async_wait(kUseTuple);
        continue;
      }
      if (self->sessions.size() >= self->options.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
        continue;
      }
      asio::co_spawn(self->io, session(self, std::move(socket)), asio::detached);
    }
  }

  void close_everything() {
    beast::error_code ignored;
    acceptor.close(ignored);
    for (auto& [id, stream] : sessions) stream->close();
  }
};

StatusServer::StatusServer(asio::io_context& io, Handler health, Handler metrics)
    : StatusServer(io, std::move(health), std::move(metrics), Options{}) {}

StatusServer::StatusServer(asio::io_context& io, Handler health, Handler metrics, Options options)
    : impl_(std::make_shared<Impl>(io, std::move(health), std::move(metrics), options)) {}

StatusServer::~StatusServer() {
  stop();
}

bool StatusServer::start(std::string_view listen) {
  if (listen.empty()) return false;
  const auto address = parse_listen_address(listen);
  const std::string where = "http.listen `" + std::string(listen) + "`";
  if (!address) throw std::runtime_error(where + " is not host:port (e.g. 127.0.0.1:9464)");
  if (impl_->acceptor.is_open()) throw std::logic_error("StatusServer::start called twice");

  tcp::resolver resolver(impl_->io);
  beast::error_code ec;
  const auto endpoints =
      resolver.resolve(address->host, std::to_string(address->port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty())
    throw std::runtime_error(where + ": cannot resolve " + address->host + ": " + ec.message());
  const tcp::endpoint endpoint = endpoints.begin()->endpoint();

  auto& acceptor = impl_->acceptor;
  auto fail = [&](const char* step) {
    beast::error_code ignored;
    acceptor.close(ignored);
    throw std::runtime_error(where + ": cannot " + step + ": " + ec.message());
  };
  if (acceptor.open(endpoint.protocol(), ec)) fail("open a socket");
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) fail("set SO_REUSEADDR");
  if (acceptor.bind(endpoint, ec)) fail("bind");
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) fail("listen");
  impl_->bound_port = acceptor.local_endpoint(ec).port();
  asio::co_spawn(impl_->io, Impl::accept_loop(impl_), asio::detached);
  return true;
}

unsigned short StatusServer::port() const {
  return impl_->bound_port;
}

void StatusServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  asio::dispatch(impl_->io, [impl = impl_] { impl->close_everything(); });
}

}  // namespace scribe::net
