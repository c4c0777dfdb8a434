// Who may read the pages: a bearer token or its session cookie, a trusted proxy.
#include "adapters/web/web_access.hpp"

#include <catch2/catch.hpp>

#include "adapters/net/listen_address.hpp"

using namespace scribe;

namespace {

net::ServerRequest get(const std::string& target, net::ServerRequest::Headers headers = {},
                       const std::string& peer = "127.0.0.1") {
  net::ServerRequest r;
  r.method = "GET";
  r.target = target;
  r.headers = std::move(headers);
  r.peer = peer;
  return r;
}

std::string header(const net::ServerResponse& res, const std::string& name) {
  for (const auto& [n, v] : res.headers)
    if (n == name) return v;
  return {};
}

}  // namespace

TEST_CASE("token auth: the bearer header, or ?token= once and then its cookie", "[web]") {
  web::WebConfig config;
  config.auth = "token";
  config.token = "t0ken";
  const web::WebAccess access(config);
  CHECK(access.refusal(get("/"))->status == 401);
  CHECK(access.refusal(get("/", {{"Authorization", "Bearer nope"}}))->status == 401);
  CHECK_FALSE(access.refusal(get("/", {{"Authorization", "Bearer t0ken"}})));
  CHECK(access.refusal(get("/?token=nope"))->status == 401);

  const auto signed_in = access.refusal(get("/incidents/INC-1?token=t0ken&x=1"));
  REQUIRE(signed_in);
  CHECK(signed_in->status == 303);
  CHECK(header(*signed_in, "Location") == "/incidents/INC-1?x=1");  // the token leaves the URL
  const std::string cookie = header(*signed_in, "Set-Cookie");
  CHECK_THAT(cookie, Catch::Contains("HttpOnly"));
  CHECK_THAT(cookie, Catch::Contains("SameSite=Strict"));
  CHECK_THAT(cookie, !Catch::Contains("t0ken"));  // a value derived from it, not the token
  const std::string session = cookie.substr(0, cookie.find(';'));
  CHECK_FALSE(access.refusal(get("/", {{"Cookie", "other=1; " + session}})));
  CHECK(access.refusal(get("/", {{"Cookie", session + "x"}}))->status == 401);
}

TEST_CASE("proxy auth: only the trusted proxy's header names the user", "[web]") {
  web::WebConfig config;
  config.auth = "proxy";
  config.trusted_proxies = {"10.0.0.5"};
  const web::WebAccess access(config);
  CHECK_FALSE(access.refusal(get("/", {{"X-Forwarded-User", "dana"}}, "10.0.0.5")));
  CHECK(access.refusal(get("/", {}, "10.0.0.5"))->status == 401);
  CHECK(access.refusal(get("/", {{"X-Forwarded-User", "dana"}}, "10.0.0.6"))->status == 403);
}

TEST_CASE("no auth: every request is answered (the config allows it on loopback only)", "[web]") {
  const web::WebAccess access(web::WebConfig{});
  CHECK_FALSE(access.refusal(get("/")));
  CHECK(net::is_loopback_listen("127.0.0.1:9464"));
  CHECK(net::is_loopback_listen("[::1]:9464"));
  CHECK_FALSE(net::is_loopback_listen("0.0.0.0:9464"));
}
