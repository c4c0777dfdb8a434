// Who may read the web view ([web] auth): nobody is asked on a loopback
// listener ("none"); a bearer token, or a one-time ?token= that becomes an
// HttpOnly, SameSite=Strict cookie ("token"); or the user a trusted reverse
// proxy names in a header, believed only from the configured addresses ("proxy").
#pragma once

#include <optional>
#include <string>

#include "adapters/net/http_server.hpp"
#include "adapters/web/web_config.hpp"

namespace scribe::web {

inline constexpr std::string_view kSessionCookie = "scribe_session";

class WebAccess {
 public:
  explicit WebAccess(WebConfig config);

  // nullopt when the request may be answered; otherwise the answer to send
  // instead (401, 403, or a redirect that sets the session cookie).
  std::optional<net::ServerResponse> refusal(const net::ServerRequest& request) const;

 private:
  bool token_matches(const net::ServerRequest& request) const;

  WebConfig config_;
  std::string session_;  // the cookie value: derived from the token, not the token
};

}  // namespace scribe::web
