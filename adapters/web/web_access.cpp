#include "adapters/web/web_access.hpp"

#include <algorithm>

#include "adapters/net/digest.hpp"
#include "adapters/web/html.hpp"

namespace scribe::web {
namespace {

// The value of one cookie in a Cookie header; "" when absent.
std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.starts_with(name) && part.size() > name.size() && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
  }
  return {};
}

// The target without its ?token= (other parameters kept).
std::string without_token(std::string_view target) {
  const auto q = target.find('?');
  std::string out(target.substr(0, q));
  std::string kept;
  for (const auto& [key, value] : query_of(target))
    if (key != "token")
      kept += (kept.empty() ? "?" : "&") + url_encode(key) + "=" + url_encode(value);
  return out + kept;
}

net::ServerResponse unauthorized(std::string_view why) {
  auto res = text_response(401, why);
  res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"scribe\"");
  return res;
}

}  // namespace

WebAccess::WebAccess(WebConfig config)
    : config_(std::move(config)),
      session_(config_.token.empty() ? std::string()
                                     : net::hmac_sha256_hex(config_.token, "scribe web session")) {}

bool WebAccess::token_matches(const net::ServerRequest& req) const {
  const std::string_view authorization = req.header("Authorization");
  if (authorization.starts_with("Bearer ") &&
      net::same_secret(authorization.substr(7), config_.token))
    return true;
  const std::string cookie = cookie_value(req.header("Cookie"), kSessionCookie);
  return !cookie.empty() && net::same_secret(cookie, session_);
}

std::optional<net::ServerResponse> WebAccess::refusal(const net::ServerRequest& req) const {
  if (config_.auth == "proxy") {
    const bool trusted = std::find(config_.trusted_proxies.begin(), config_.trusted_proxies.end(),
                                   req.peer) != config_.trusted_proxies.end();
    if (!trusted) return text_response(403, "only the trusted reverse proxy may ask");
    if (req.header(config_.proxy_user_header).empty())
      return unauthorized("the proxy did not name a signed-in user");
    return std::nullopt;
  }
  if (config_.auth != "token") return std::nullopt;
  if (token_matches(req)) return std::nullopt;
  // A link with ?token= signs the browser in once: the cookie holds a value
  // derived from the token, and the address bar loses the token.
  const auto query = query_of(req.target);
  if (const auto it = query.find("token");
      it != query.end() && !config_.token.empty() && net::same_secret(it->second, config_.token)) {
    net::ServerResponse res = text_response(303, "signed in");
    res.headers.emplace_back("Location", without_token(req.target));
    res.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + session_ +
                                               "; HttpOnly; SameSite=Strict; Path=/");
    return res;
  }
  return unauthorized("missing or wrong token");
}

}  // namespace scribe::web
