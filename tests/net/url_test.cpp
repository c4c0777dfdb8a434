#include <catch2/catch.hpp>

#include "adapters/net/url.hpp"

using scribe::net::Url;

TEST_CASE("Url::parse splits scheme, host, port and target", "[net]") {
  auto url = Url::parse("https://Slack.com/api/chat.postMessage?x=1#frag");
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == "slack.com");
  CHECK(url->port == "443");
  CHECK(url->target == "/api/chat.postMessage?x=1");
  CHECK(url->secure());
  CHECK(url->host_header() == "slack.com");
  CHECK(url->to_string() == "https://slack.com/api/chat.postMessage?x=1");
}

TEST_CASE("Url::parse fills default ports and an empty path", "[net]") {
  CHECK(Url::parse("http://localhost")->port == "80");
  CHECK(Url::parse("http://localhost")->target == "/");
  CHECK(Url::parse("ws://127.0.0.1:8080")->port == "8080");
  CHECK_FALSE(Url::parse("ws://127.0.0.1:8080")->secure());
  CHECK(Url::parse("ws://127.0.0.1:8080")->host_header() == "127.0.0.1:8080");
  auto wss = Url::parse("wss://wss-primary.slack.com/link/?ticket=abc&app_id=A1");
  REQUIRE(wss);
  CHECK(wss->port == "443");
  CHECK(wss->secure());
  CHECK(wss->target == "/link/?ticket=abc&app_id=A1");
}

TEST_CASE("Url::parse keeps IPv6 hosts without brackets", "[net]") {
  auto url = Url::parse("http://[::1]:9000/x");
  REQUIRE(url);
  CHECK(url->host == "::1");
  CHECK(url->host_header() == "[::1]:9000");
}

TEST_CASE("Url::parse refuses what the network layer cannot dial", "[net]") {
  std::string why;
  CHECK_FALSE(Url::parse("ftp://example.org/", &why));
  CHECK_FALSE(why.empty());
  CHECK_FALSE(Url::parse("slack.com/api"));
  CHECK_FALSE(Url::parse("/api/chat.postMessage"));
  CHECK_FALSE(Url::parse("https://user:secret@example.org/"));
  CHECK_FALSE(Url::parse("https:///nohost"));
  CHECK_FALSE(Url::parse(""));
}

TEST_CASE("Url::resolve joins API method names onto a base", "[net]") {
  auto api = *Url::parse("https://slack.com/api/");
  CHECK(Url::resolve(api, "chat.postMessage")->to_string() ==
        "https://slack.com/api/chat.postMessage");
  CHECK(Url::resolve(api, "users.info?user=U1")->target == "/api/users.info?user=U1");

  // A base written without the trailing slash still counts as a directory.
  auto no_slash = *Url::parse("http://127.0.0.1:8080/api");
  CHECK(Url::resolve(no_slash, "auth.test")->to_string() == "http://127.0.0.1:8080/api/auth.test");

  auto homeserver = *Url::parse("https://matrix.example.org");
  CHECK(Url::resolve(homeserver, "/_matrix/client/v3/sync?since=s1&timeout=30000")->target ==
        "/_matrix/client/v3/sync?since=s1&timeout=30000");
  // An absolute reference replaces the base altogether.
  CHECK(Url::resolve(api, "https://files.slack.com/upload/v1/x")->host == "files.slack.com");
  CHECK_FALSE(Url::resolve(api, "ftp://elsewhere/"));
}
