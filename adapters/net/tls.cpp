// Client TLS: the context trusts the system store (+ tls.ca_file); each
// connection gets SNI and a host/IP check that OpenSSL runs as part of chain
// verification (X509_VERIFY_PARAM), the same check ssl::host_name_verification
// makes, but reported as OpenSSL's own "hostname mismatch" verify error.
#include "adapters/net/tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/error.hpp>

#include <stdexcept>
#include <string>

namespace scribe::net {

ssl::context make_tls_context(const TlsOptions& options, boost::system::error_code& ec) {
  ec.clear();
  ssl::context ctx(ssl::context::tls_client);
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                  ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
  ctx.set_verify_mode(ssl::verify_peer);
  if (options.use_system_store) {
    boost::system::error_code store_ec;
    ctx.set_default_verify_paths(store_ec);  // a missing store only means fewer anchors
  }
  if (!options.ca_file.empty()) ctx.load_verify_file(options.ca_file, ec);
  return ctx;
}

ssl::context make_tls_context(const TlsOptions& options) {
  boost::system::error_code ec;
  auto ctx = make_tls_context(options, ec);
  if (ec) throw std::runtime_error("tls.ca_file " + options.ca_file + ": " + ec.message());
  return ctx;
}

std::shared_ptr<ssl::context> make_server_tls_context(const std::string& cert_file,
                                                      const std::string& key_file,
                                                      const std::string& config_prefix) {
  auto tls = std::make_shared<ssl::context>(ssl::context::tls_server);
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (tls->use_certificate_chain_file(cert_file, ec))
    throw std::runtime_error(config_prefix + "cert_file `" + cert_file + "`: " + ec.message());
  if (tls->use_private_key_file(key_file, ssl::context::pem, ec))
    throw std::runtime_error(config_prefix + "key_file `" + key_file + "`: " + ec.message());
  return tls;
}

boost::system::error_code prepare_tls_client(SSL* ssl, std::string_view host) {
  const std::string name(host);
  boost::system::error_code ec;
  boost::asio::ip::make_address(name, ec);
  const bool is_ip = !ec;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  // Names must match exactly or via a single leftmost wildcard label.
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str())
                 : X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size());
  // SNI carries names only (RFC 6066 §3).
  if (ok == 1 && !is_ip) ok = static_cast<int>(SSL_set_tlsext_host_name(ssl, name.c_str()));
  SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
  if (ok == 1) return {};
  const unsigned long err = ::ERR_get_error();
  if (err == 0) return boost::asio::error::invalid_argument;
  return {static_cast<int>(err), boost::asio::error::get_ssl_category()};
}

}  // namespace scribe::net
