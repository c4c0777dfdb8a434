#include "adapters/signals/webhook_auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>

namespace scribe::signals {
namespace {

std::string hex(const unsigned char* bytes, unsigned length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned i = 0; i < length; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

// Both sides hashed first: equal lengths for CRYPTO_memcmp whatever was sent,
// and no timing that depends on where the first difference is.
bool same_secret(std::string_view given, std::string_view expected) {
  const std::string a = sha256_hex(given);
  const std::string b = sha256_hex(expected);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string hmac_sha256_hex(std::string_view secret, std::string_view body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  return hex(digest, length);
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return hex(digest, length);
}

bool bearer_matches(std::string_view authorization, std::string_view token) {
  if (token.empty()) return false;
  authorization = trimmed(authorization);
  const auto space = authorization.find(' ');
  if (space == std::string_view::npos || lower(authorization.substr(0, space)) != "bearer")
    return false;
  return same_secret(trimmed(authorization.substr(space + 1)), token);
}

bool pagerduty_signature_matches(std::string_view header, std::string_view body,
                                 std::string_view secret) {
  if (secret.empty() || header.empty()) return false;
  const std::string expected = hmac_sha256_hex(secret, body);
  bool matched = false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view entry = trimmed(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (!entry.starts_with("v1=")) continue;
    // Every entry is compared, so the time does not tell which one matched.
    matched = same_secret(lower(entry.substr(3)), expected) || matched;
  }
  return matched;
}

bool github_signature_matches(std::string_view header, std::string_view body,
                              std::string_view secret) {
  header = trimmed(header);
  if (secret.empty() || !header.starts_with("sha256=")) return false;
  return same_secret(lower(header.substr(7)), hmac_sha256_hex(secret, body));
}

}  // namespace scribe::signals
