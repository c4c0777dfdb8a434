// The one way to make a client TLS context: TLS 1.2 or newer, the peer's
// certificate chain verified against the system store (plus an optional extra
// PEM file), and - per connection, see prepare_tls_client() - the host name
// checked and SNI sent. There is deliberately no switch to turn verification
// off: local setups without TLS use http:// and ws:// instead.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <string>
#include <string_view>

typedef struct ssl_st SSL;

namespace scribe::net {

namespace ssl = boost::asio::ssl;

struct TlsOptions {
  // Config `tls.ca_file`: extra PEM trust anchors (a private CA, or a test CA),
  // trusted in addition to the system store. Empty: the system store only.
  std::string ca_file{};
  // Trust the system's default store as well. Tests turn it off so that only
  // their throwaway CA counts; production keeps it on.
  bool use_system_store = true;
};

// Builds the client context. Sets `ec` (and still returns a context that
// trusts nothing extra) when ca_file cannot be read or holds no certificate.
ssl::context make_tls_context(const TlsOptions& options, boost::system::error_code& ec);

// Same, but throws std::runtime_error("tls.ca_file <path>: <reason>"): for
// startup, where a bad config is a usage error (exit 2).
ssl::context make_tls_context(const TlsOptions& options = {});

// Arms one connection before its handshake: SNI with `host` (unless it is an IP
// literal, which SNI does not allow) and host name / IP verification inside
// OpenSSL's chain check, so a mismatch fails the handshake with "certificate
// verify failed". HttpClient and WebSocketConnection call it for you.
boost::system::error_code prepare_tls_client(SSL* ssl, std::string_view host);

// The one way to make a server TLS context: TLS 1.2 or newer, the certificate
// chain and private key read from PEM files. Throws std::runtime_error naming
// the config key (`config_prefix` + "cert_file" or "key_file") and the file.
std::shared_ptr<ssl::context> make_server_tls_context(const std::string& cert_file,
                                                      const std::string& key_file,
                                                      const std::string& config_prefix);

}  // namespace scribe::net
