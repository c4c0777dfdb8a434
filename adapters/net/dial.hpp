// Internal to adapters/net: opening a TCP connection (with a timeout on the
// name lookup too) and the client TLS handshake, shared by HttpClient and
// WebSocketConnection. Includes Beast's tcp_stream; keep it out of public headers.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>

#include "adapters/net/url.hpp"

namespace scribe::net::detail {

using TlsStream = boost::asio::ssl::stream<boost::beast::tcp_stream>;

// Resolves url.host (skipped for IP literals) and connects, each step bounded
// by `timeout`. The stream's expiry is left cleared.
boost::asio::awaitable<boost::system::error_code> dial_tcp(boost::beast::tcp_stream& stream,
                                                           const Url& url,
                                                           std::chrono::milliseconds timeout);

// prepare_tls_client() + the handshake, bounded by `timeout`. A refused
// certificate is logged with OpenSSL's verify reason.
boost::asio::awaitable<boost::system::error_code> handshake_tls(TlsStream& stream, const Url& url,
                                                                std::chrono::milliseconds timeout);

}  // namespace scribe::net::detail
