// Questions callers ask about an error_code from this layer, answered here so
// adapters need no Beast or OpenSSL headers to ask them.
#pragma once

#include <boost/system/error_code.hpp>

#include <string>

namespace scribe::net {

using boost::system::error_code;

// Errors this layer reports itself (category "scribe.net").
enum class Error {
  invalid_url = 1,     // not an absolute http/https/ws/wss URL
  unsupported_scheme,  // e.g. ws:// handed to HttpClient, https:// to connect()
  shut_down,           // the client was shut down; the request was not sent
  binary_message,      // reserved: a binary websocket message where text was expected
};
const boost::system::error_category& error_category();
error_code make_error_code(Error e);

// The ordinary ends of a connection: our own cancel/shutdown (operation_aborted,
// Error::shut_down), the peer closing cleanly (eof, websocket close frame, a
// TLS peer that closes without close_notify). Log these at debug, not as errors.
bool is_normal_shutdown(const error_code& ec);

// A timeout of ours: connect, TLS handshake, request, or the websocket idle
// timeout (no frame and no pong within idle_timeout).
bool is_timeout(const error_code& ec);

// A response larger than the client's body limit (HttpClientOptions::body_limit).
bool is_too_large(const error_code& ec);

// The peer's certificate was refused: untrusted chain, expired, or the name
// does not match the host. Retrying will not help; the config or the server
// must change.
bool is_tls_verification_failure(const error_code& ec);

// ec.message(), plus OpenSSL's reason for TLS errors ("certificate verify
// failed: hostname mismatch"). Never contains request data.
std::string describe(const error_code& ec);

}  // namespace scribe::net

template <>
struct boost::system::is_error_code_enum<scribe::net::Error> : std::true_type {};
