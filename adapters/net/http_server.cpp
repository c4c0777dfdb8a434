#include "adapters/net/http_server.hpp"

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
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "adapters/net/listen_address.hpp"

namespace scribe::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

using Response = http::response<http::string_body>;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

ServerResponse plain_refusal(int status, std::string_view reason) {
  return ServerResponse{status, "text/plain; charset=utf-8", std::string(reason) + "\n", {}, true};
}

Response to_wire(ServerResponse answer, unsigned version, bool keep_alive) {
  Response res;
  res.version(version);
  res.result(static_cast<unsigned>(answer.status));
  res.set(http::field::server, "scribe");
  res.set(http::field::content_type, answer.content_type);
  res.set(http::field::cache_control, "no-store");
  for (const auto& [name, value] : answer.headers) res.set(name, value);
  res.keep_alive(keep_alive && !answer.close);
  res.body() = std::move(answer.body);
  res.prepare_payload();
  return res;
}

ServerRequest from_wire(const http::request<http::string_body>& req) {
  ServerRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req)
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  out.body = req.body();
  return out;
}

}  // namespace

std::string_view ServerRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return {};
}

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io_, Handler handler_, Options options_)
      : io(io_), handler(std::move(handler_)), options(std::move(options_)), acceptor(io_) {
    if (!options.refusal) options.refusal = plain_refusal;
  }

  asio::io_context& io;
  Handler handler;
  Options options;
  tcp::acceptor acceptor;
  std::atomic<bool> stopped{false};
  std::atomic<unsigned short> bound_port{0};
  std::uint64_t next_session = 0;
  // Each open connection's way to close itself; sessions unregister on exit.
  std::map<std::uint64_t, std::function<void()>> sessions;

  static std::string peer_of(beast::tcp_stream& tcp) {
    beast::error_code ec;
    const auto endpoint = tcp.socket().remote_endpoint(ec);
    return ec ? std::string() : endpoint.address().to_string();
  }

  ServerResponse answer(const http::request<http::string_body>& req, std::string peer) {
    if (stopped) return options.refusal(503, "shutting down");
    try {
      ServerRequest request = from_wire(req);
      request.peer = std::move(peer);
      ServerResponse res = handler(request);
      if (res.status < 100 || res.status > 599) res.status = 500;
      return res;
    } catch (const std::exception& e) {
      auto res = options.refusal(500, std::string("internal error: ") + e.what());
      res.close = true;
      return res;
    } catch (...) {
      auto res = options.refusal(500, "internal error");
      res.close = true;
      return res;
    }
  }

  // Why a read failed, as an answer the client can use; 0: just hang up.
  static int refusal_status(const beast::error_code& error) {
    if (error == http::error::header_limit || error == http::error::buffer_overflow) return 431;
    if (error == http::error::body_limit) return 413;
    if (error.category() == http::make_error_code(http::error::bad_target).category() &&
        error != http::error::end_of_stream && error != http::error::partial_message)
      return 400;
    return 0;
  }

  // A client refused mid-request (a body too large) is usually still
  // sending: closing at once would reset the connection and lose the answer
  // it is about to read. Stop sending, then read and drop what still comes,
  // for a little while.
  static asio::awaitable<void> linger(beast::tcp_stream& tcp, std::chrono::milliseconds budget) {
    beast::error_code ignored;
    tcp.socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp.expires_after(std::min(budget, std::chrono::milliseconds(2000)));
    char sink[16 * 1024];
    for (;;) {
      auto [error, n] = co_await tcp.async_read_some(asio::buffer(sink), kUseTuple);
      if (error) break;
    }
  }

  template <class Stream>
  static asio::awaitable<void> serve(std::shared_ptr<Impl> self, Stream& stream,
                                     beast::tcp_stream& tcp) {
    const auto& o = self->options;
    beast::flat_buffer buffer(o.max_header_bytes + o.max_body_bytes);
    while (!self->stopped) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(o.max_header_bytes));
      parser.body_limit(o.max_body_bytes);
      tcp.expires_after(o.timeout);
      auto [read_error, read] = co_await http::async_read(stream, buffer, parser, kUseTuple);
      if (read_error) {
        const int status = refusal_status(read_error);
        if (status != 0 && !self->stopped) {
          const char* reason = status == 413   ? "request body too large"
                               : status == 431 ? "request headers too large"
                                               : "malformed request";
          auto res = to_wire(o.refusal(status, reason), 11, false);
          tcp.expires_after(o.timeout);
          co_await http::async_write(stream, res, kUseTuple);
          co_await linger(tcp, o.timeout);
        }
        break;
      }
      const auto& req = parser.get();
      Response res = to_wire(self->answer(req, peer_of(tcp)), req.version(), req.keep_alive());
      tcp.expires_after(o.timeout);
      auto [write_error, written] = co_await http::async_write(stream, res, kUseTuple);
      if (write_error || !res.keep_alive()) break;
    }
  }

  static asio::awaitable<void> session(std::shared_ptr<Impl> self, tcp::socket socket) {
    beast::tcp_stream tcp(std::move(socket));
    const std::uint64_t id = self->next_session++;
    self->sessions.emplace(id, [&tcp] { tcp.close(); });
    struct Unregister {
      Impl& impl;
      std::uint64_t id;
      ~Unregister() { impl.sessions.erase(id); }
    } unregister{*self, id};

    if (self->options.tls) {
      beast::ssl_stream<beast::tcp_stream&> tls(tcp, *self->options.tls);
      tcp.expires_after(self->options.timeout);
      auto [handshake_error] =
          co_await tls.async_handshake(asio::ssl::stream_base::server, kUseTuple);
      if (!handshake_error) {
        co_await serve(self, tls, tcp);
        tcp.expires_after(self->options.timeout);
        co_await tls.async_shutdown(kUseTuple);
      }
    } else {
      co_await serve(self, tcp, tcp);
      beast::error_code ignored;
      tcp.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    tcp.close();
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
    for (auto& [id, close] : sessions) close();
  }
};

HttpServer::HttpServer(asio::io_context& io, Handler handler, Options options)
    : impl_(std::make_shared<Impl>(io, std::move(handler), std::move(options))) {}

HttpServer::~HttpServer() {
  stop();
}

bool HttpServer::start(std::string_view listen) {
  if (listen.empty()) return false;
  const auto address = parse_listen_address(listen);
  const std::string where = impl_->options.config_key + " `" + std::string(listen) + "`";
  if (!address) throw std::runtime_error(where + " is not host:port (e.g. 127.0.0.1:9464)");
  if (impl_->acceptor.is_open()) throw std::logic_error("HttpServer::start called twice");

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

unsigned short HttpServer::port() const {
  return impl_->bound_port;
}

bool HttpServer::stopped() const {
  return impl_->stopped;
}

void HttpServer::stop() {
  if (impl_->stopped.exchange(true)) return;
  asio::dispatch(impl_->io, [impl = impl_] { impl->close_everything(); });
}

}  // namespace scribe::net
