// WebSocketConnection: Beast websocket over tcp_stream (ws) or
// ssl::stream<tcp_stream> (wss), Beast's own timeouts for keep-alive, and a
// first-come-first-served write lock because Beast allows one write at a time.
#include "adapters/net/websocket_client.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>


#include "adapters/net/async.hpp"
#include "adapters/net/dial.hpp"
#include "adapters/net/errors.hpp"

namespace scribe::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

struct WebSocketConnection::Impl {
  using PlainSocket = websocket::stream<beast::tcp_stream>;
  using TlsSocket = websocket::stream<detail::TlsStream>;

  asio::any_io_executor executor;
  Url url;
  WebSocketOptions options;
  std::unique_ptr<PlainSocket> plain;
  std::unique_ptr<TlsSocket> tls;
  beast::flat_buffer read_buffer;
  FifoLock writes;  // one message on the wire at a time, in call order
  bool open = false;
  std::uint16_t peer_close_code = 0;

  Impl(asio::any_io_executor ex, Url u, WebSocketOptions opts)
      : executor(ex), url(std::move(u)), options(std::move(opts)), writes(ex) {}

  beast::tcp_stream& lowest() {
    return tls ? beast::get_lowest_layer(*tls) : beast::get_lowest_layer(*plain);
  }

  template <class Socket>
  asio::awaitable<error_code> upgrade(Socket& ws) {
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = options.handshake_timeout;
    timeouts.idle_timeout = options.idle_timeout;
    timeouts.keep_alive_pings = true;
    ws.set_option(timeouts);
    ws.set_option(websocket::stream_base::decorator(
        [headers = options.headers, agent = options.user_agent](websocket::request_type& req) {
          req.set(beast::http::field::user_agent, agent);
          for (const auto& [name, value] : headers) req.insert(name, value);
        }));
    ws.read_message_max(options.max_message_size);
    ws.text(true);
    websocket::response_type response;
    error_code ec;
    co_await ws.async_handshake(response, url.host_header(), url.target,
                                asio::redirect_error(asio::use_awaitable, ec));
    if (ec && response.result_int() != 0)
      spdlog::warn("net: websocket upgrade at {} refused with HTTP {}", url.origin(),
                   response.result_int());
    co_return ec;
  }

  template <class Socket>
  asio::awaitable<error_code> read(Socket& ws, std::string& out) {
    for (;;) {
      error_code ec;
      read_buffer.clear();
      co_await ws.async_read(read_buffer, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (ec == websocket::error::closed) peer_close_code = ws.reason().code;
        open = false;
        co_return ec;
      }
      if (!ws.got_text()) {
        spdlog::warn("net: skipped a binary websocket message from {} ({} bytes)", url.origin(),
                     read_buffer.size());
        continue;
      }
      out = beast::buffers_to_string(read_buffer.data());
      co_return error_code{};
    }
  }

  static asio::awaitable<error_code> write(std::shared_ptr<Impl> self, std::string_view text) {
    const auto held = co_await self->writes.scoped();
    if (!self->open) co_return error_code(asio::error::not_connected);
    error_code ec;
    if (self->tls) {
      co_await self->tls->async_write(asio::buffer(text),
                                      asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await self->plain->async_write(asio::buffer(text),
                                        asio::redirect_error(asio::use_awaitable, ec));
    }
    co_return ec;
  }

  static asio::awaitable<void> close(std::shared_ptr<Impl> self, CloseCode code) {
    const auto held = co_await self->writes.scoped();
    if (!self->open) co_return;
    self->open = false;
    error_code ec;
    const websocket::close_reason reason(static_cast<std::uint16_t>(code));
    if (self->tls) {
      co_await self->tls->async_close(reason, asio::redirect_error(asio::use_awaitable, ec));
    } else {
      co_await self->plain->async_close(reason, asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec && !is_normal_shutdown(ec))
      spdlog::debug("net: websocket close with {}: {}", self->url.origin(), describe(ec));
    self->lowest().close();
  }

  void abort() {
    open = false;
    lowest().close();  // cancels pending operations with operation_aborted
  }
};

WebSocketConnection::WebSocketConnection(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

WebSocketConnection::~WebSocketConnection() {
  if (impl_) impl_->abort();
}

asio::awaitable<std::pair<error_code, std::unique_ptr<WebSocketConnection>>>
WebSocketConnection::connect(asio::any_io_executor executor, asio::ssl::context& tls, Url url,
                             WebSocketOptions options) {
  using Result = std::pair<error_code, std::unique_ptr<WebSocketConnection>>;
  if (url.scheme != "ws" && url.scheme != "wss")
    co_return Result{make_error_code(Error::unsupported_scheme), nullptr};
  for (const auto& [name, value] : options.headers) {  // a line break would split the header
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos)
      co_return Result{make_error_code(asio::error::invalid_argument), nullptr};
  }
  auto impl = std::make_shared<Impl>(executor, std::move(url), std::move(options));
  const auto timeout = impl->options.connect_timeout;
  error_code ec;
  if (impl->url.secure()) {
    impl->tls = std::make_unique<Impl::TlsSocket>(executor, tls);
    ec = co_await detail::dial_tcp(impl->lowest(), impl->url, timeout);
    if (!ec) ec = co_await detail::handshake_tls(impl->tls->next_layer(), impl->url, timeout);
    if (!ec) ec = co_await impl->upgrade(*impl->tls);
  } else {
    impl->plain = std::make_unique<Impl::PlainSocket>(executor);
    ec = co_await detail::dial_tcp(impl->lowest(), impl->url, timeout);
    if (!ec) ec = co_await impl->upgrade(*impl->plain);
  }
  if (ec) {
    spdlog::debug("net: websocket to {} failed: {}", impl->url.origin(), describe(ec));
    co_return Result{ec, nullptr};
  }
  impl->open = true;
  spdlog::debug("net: websocket connected to {}", impl->url.origin());
  co_return Result{error_code{},
                   std::unique_ptr<WebSocketConnection>(new WebSocketConnection(impl))};
}

asio::awaitable<error_code> WebSocketConnection::read_text(std::string& out) {
  auto self = impl_;  // keeps the stream alive for the whole read
  if (self->tls) co_return co_await self->read(*self->tls, out);
  co_return co_await self->read(*self->plain, out);
}

asio::awaitable<error_code> WebSocketConnection::write_text(std::string_view text) {
  return Impl::write(impl_, text);
}

asio::awaitable<void> WebSocketConnection::close(CloseCode code) {
  return Impl::close(impl_, code);
}

void WebSocketConnection::abort() {
  impl_->abort();
}

bool WebSocketConnection::is_open() const {
  return impl_->open && (impl_->tls ? impl_->tls->is_open() : impl_->plain->is_open());
}

std::uint16_t WebSocketConnection::peer_close_code() const {
  return impl_->peer_close_code;
}

}  // namespace scribe::net
