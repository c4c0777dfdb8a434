// The error predicates, kept here so that adapters can ask them without
// including Beast's error headers.
#include "adapters/net/errors.hpp"

#include <array>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>

namespace scribe::net {
namespace {

class Category : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "scribe.net"; }
  std::string message(int value) const override {
    // At Error's values, which start at 1 (0 is success).
    static constexpr std::array<const char*, 5> kMessages{
        "scribe.net error", "invalid URL", "unsupported URL scheme", "client shut down",
        "binary websocket message"};
    static_assert(static_cast<int>(Error::binary_message) == kMessages.size() - 1);
    const auto i = static_cast<std::size_t>(value);
    return i < kMessages.size() ? kMessages[i] : kMessages[0];
  }
};

}  // namespace

const boost::system::error_category& error_category() {
  static const Category category;
  return category;
}

error_code make_error_code(Error e) {
  return {static_cast<int>(e), error_category()};
}

bool is_normal_shutdown(const error_code& ec) {
  return ec == boost::asio::error::operation_aborted || ec == Error::shut_down ||
         ec == boost::asio::error::eof || ec == boost::asio::ssl::error::stream_truncated ||
         ec == boost::beast::websocket::error::closed;
}

bool is_too_large(const error_code& ec) {
  return ec == boost::beast::http::error::body_limit;
}

bool is_timeout(const error_code& ec) {
  return ec == boost::beast::error::timeout || ec == boost::asio::error::timed_out;
}

bool is_tls_verification_failure(const error_code& ec) {
  return ec.category() == boost::asio::error::get_ssl_category() &&
         ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_CERTIFICATE_VERIFY_FAILED;
}

std::string describe(const error_code& ec) {
  return std::string(ec.category().name()) + ": " + ec.message();
}

}  // namespace scribe::net
