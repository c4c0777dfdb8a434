// SHA-256 digests and a comparison of secrets that takes the same time
// wherever they differ: for webhook signatures, bearer tokens and the web
// view's session cookie.
#pragma once

#include <string>
#include <string_view>

namespace scribe::net {

// Lowercase hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);
// Lowercase hex HMAC-SHA256 of `body` with `secret`.
std::string hmac_sha256_hex(std::string_view secret, std::string_view body);
// Whether `given` equals `expected`. Both are hashed first, so the time
// depends on neither where they differ nor how long `given` is.
bool same_secret(std::string_view given, std::string_view expected);
// Standard base64 (with padding), e.g. for HTTP Basic credentials.
std::string base64(std::string_view data);

}  // namespace scribe::net
