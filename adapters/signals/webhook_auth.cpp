#include "adapters/signals/webhook_auth.hpp"

#include <cctype>

#include "adapters/net/digest.hpp"
#include "bot/core/text.hpp"

namespace scribe::signals {
namespace {

using net::same_secret;

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool bearer_matches(std::string_view authorization, std::string_view token) {
  if (token.empty()) return false;
  authorization = trimmed(authorization);
  const auto space = authorization.find(' ');
  if (space == std::string_view::npos ||
      core::ascii_lower(authorization.substr(0, space)) != "bearer")
    return false;
  return same_secret(trimmed(authorization.substr(space + 1)), token);
}

bool pagerduty_signature_matches(std::string_view header, std::string_view body,
                                 std::string_view secret) {
  if (secret.empty() || header.empty()) return false;
  const std::string expected = net::hmac_sha256_hex(secret, body);
  bool matched = false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    const std::string_view entry = trimmed(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    if (!entry.starts_with("v1=")) continue;
    // Every entry is compared, so the time does not tell which one matched.
    matched = same_secret(core::ascii_lower(entry.substr(3)), expected) || matched;
  }
  return matched;
}

bool hub_signature_matches(std::string_view header, std::string_view body,
                              std::string_view secret) {
  header = trimmed(header);
  if (secret.empty() || !header.starts_with("sha256=")) return false;
  return same_secret(core::ascii_lower(header.substr(7)), net::hmac_sha256_hex(secret, body));
}

}  // namespace scribe::signals
