// TCP connect and TLS handshake with timeouts. Name lookup has no stream to put
// an expiry on, so a timer cancels it.
#include "adapters/net/dial.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/net/errors.hpp"
#include "adapters/net/tls.hpp"

namespace scribe::net::detail {
namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

using Resolved = std::pair<error_code, tcp::resolver::results_type>;

asio::awaitable<Resolved> resolve(const Url& url, std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  error_code ec;
  auto address = asio::ip::make_address(url.host, ec);
  if (!ec) {
    auto port = static_cast<unsigned short>(std::stoi(url.port));
    co_return Resolved{error_code{}, tcp::resolver::results_type::create(
                                         tcp::endpoint(address, port), url.host, url.port)};
  }
  // The timer cancels the lookup; it holds the resolver weakly, so whichever
  // finishes first leaves nothing dangling.
  auto resolver = std::make_shared<tcp::resolver>(executor);
  asio::steady_timer timer(executor, timeout);
  bool timed_out = false;
  timer.async_wait([weak = std::weak_ptr<tcp::resolver>(resolver), &timed_out](error_code wait_ec) {
    if (wait_ec) return;
    if (auto r = weak.lock()) {
      timed_out = true;
      r->cancel();
    }
  });
  auto [resolve_ec, results] = co_await resolver->async_resolve(url.host, url.port, nothrow);
  resolver.reset();
  timer.cancel();
  if (timed_out) co_return Resolved{asio::error::timed_out, {}};
  co_return Resolved{resolve_ec, std::move(results)};
}

}  // namespace

asio::awaitable<error_code> dial_tcp(boost::beast::tcp_stream& stream, const Url& url,
                                     std::chrono::milliseconds timeout) {
  auto [ec, endpoints] = co_await resolve(url, timeout);
  if (ec) co_return ec;
  stream.expires_after(timeout);
  co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  stream.expires_never();
  if (!ec) stream.socket().set_option(tcp::no_delay(true), ec);
  co_return ec;
}

asio::awaitable<error_code> handshake_tls(TlsStream& stream, const Url& url,
                                          std::chrono::milliseconds timeout) {
  if (auto ec = prepare_tls_client(stream.native_handle(), url.host)) co_return ec;
  error_code ec;
  boost::beast::get_lowest_layer(stream).expires_after(timeout);
  co_await stream.async_handshake(asio::ssl::stream_base::client,
                                  asio::redirect_error(asio::use_awaitable, ec));
  boost::beast::get_lowest_layer(stream).expires_never();
  if (ec && is_tls_verification_failure(ec)) {
    const long verify = SSL_get_verify_result(stream.native_handle());
    spdlog::warn("net: TLS certificate of {} refused: {}", url.origin(),
                 X509_verify_cert_error_string(verify));
  }
  co_return ec;
}

}  // namespace scribe::net::detail
