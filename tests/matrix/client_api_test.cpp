// The REST calls: ids percent-encoded, the token only in the Authorization
// header, errors and rate limits read from the homeserver's answers.
#include "adapters/matrix/client_api.hpp"
#include "tests/net/net_test_support.hpp"

#include <catch2/catch.hpp>

#include "adapters/net/tls.hpp"
#include "tests/matrix/matrix_harness.hpp"

using namespace scribe;
using namespace scribe::matrix;
using scribe::test::await_on;
using scribe::test::FakeHomeserver;

using scribe::net::testing::answer;

namespace {

struct Client {
  FakeHomeserver hs;
  boost::asio::io_context io;
  boost::asio::ssl::context tls = net::make_tls_context();
  net::HttpClient http{io.get_executor(), tls};
  ClientApi api;

  explicit Client(const std::string& token = "syt_test_token", int attempts = 3,
                  net::Clock& clock = net::Clock::steady())
      : api(io.get_executor(), http, *net::Url::parse(hs.base_url()), token,
            net::RetryPolicy{
                attempts,
                {std::chrono::milliseconds(10), std::chrono::milliseconds(50), 2.0, 0.0, 1},
                std::chrono::milliseconds(100),
                std::chrono::minutes(1)},
            clock) {}
};

}  // namespace

TEST_CASE("ids and tokens are percent-encoded as path and query components", "[matrix]") {
  CHECK(encode_component("!abc:example.org") == "%21abc%3Aexample.org");
  CHECK(encode_component("$ev/1+2 x") == "%24ev%2F1%2B2%20x");
  CHECK(encode_component("@bot:x.org") == "%40bot%3Ax.org");
  CHECK(encode_component("s72595_4483_1934") == "s72595_4483_1934");
  CHECK(encode_component("\xF0\x9F\x93\x8C") == "%F0%9F%93%8C");
}

TEST_CASE("requests carry the token in the Authorization header only", "[matrix]") {
  Client c;
  const auto sync = c.api.sync_request("s1/2", "f 1", 30000, std::chrono::seconds(45));
  CHECK(sync.method == "GET");
  CHECK(sync.url.target == "/_matrix/client/v3/sync?timeout=30000&since=s1%2F2&filter=f%201");
  CHECK(sync.timeout == std::optional<net::Millis>(std::chrono::seconds(45)));
  CHECK(net::find_header(sync.headers, "authorization") ==
        std::optional<std::string_view>("Bearer syt_test_token"));
  CHECK(sync.url.to_string().find("syt_test_token") == std::string::npos);

  const auto send = c.api.send_request("!r:x", "scribe.a.1", R"({"body":"hi"})");
  CHECK(send.method == "PUT");
  CHECK(send.url.target == "/_matrix/client/v3/rooms/%21r%3Ax/send/m.room.message/scribe.a.1");
  CHECK(send.idempotent);
  CHECK(send.content_type == "application/json");

  const auto upload = c.api.upload_request("INC-1 v1.md", "text/markdown", "# draft");
  CHECK(upload.url.target == "/_matrix/media/v3/upload?filename=INC-1%20v1.md");
  CHECK(upload.content_type == "text/markdown");
  CHECK(upload.body == "# draft");
}

TEST_CASE("rate limits: Retry-After wins, then retry_after_ms, then the default", "[matrix]") {
  const std::string limited =
      R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000})";
  const auto hint = rate_limit_hint();
  CHECK(hint(answer(429, limited)) == std::optional<net::Millis>(2000));
  CHECK_FALSE(hint(answer(429, R"({"errcode":"M_LIMIT_EXCEEDED"})")));
  CHECK_FALSE(hint(answer(403, R"({"errcode":"M_FORBIDDEN"})")));
  CHECK_FALSE(hint(answer(200, "{}")));

  net::RetryPolicy policy;
  policy.default_rate_limit_wait = std::chrono::milliseconds(777);
  const auto with_header =
      net::classify(answer(429, limited, {{"Retry-After", "3"}}), policy, hint);
  CHECK(with_header.kind == net::ResultKind::rate_limited);
  CHECK(with_header.wait == std::optional<net::Millis>(3000));
  CHECK(net::classify(answer(429, limited), policy, hint).wait == std::optional<net::Millis>(2000));
  CHECK(net::classify(answer(429, "{}"), policy, hint).wait == std::optional<net::Millis>(777));
}

TEST_CASE("a refused token is fatal, other errors are not", "[matrix]") {
  CHECK_THROWS_AS(
      throw_if_token_refused(
          answer(401, R"({"errcode":"M_UNKNOWN_TOKEN","error":"Unrecognised access token."})")),
      MatrixFatalError);
  CHECK_THROWS_AS(throw_if_token_refused(answer(401, R"({"errcode":"M_MISSING_TOKEN"})")),
                  MatrixFatalError);
  CHECK_NOTHROW(throw_if_token_refused(answer(403, R"({"errcode":"M_FORBIDDEN"})")));
  CHECK_NOTHROW(throw_if_token_refused(answer(401, "<html>proxy auth</html>")));
  CHECK(describe_result(answer(
            403, R"({"errcode":"M_FORBIDDEN","error":"You are not invited to this room."})")) ==
        "HTTP 403 M_FORBIDDEN: You are not invited to this room.");
}

TEST_CASE("whoami, filter, join and leave against the fake homeserver", "[matrix]") {
  Client c;
  const auto whoami = await_on(c.io, c.api.whoami());
  REQUIRE(whoami);
  const Whoami& me = *whoami;
  CHECK(me.user_id == "@scribe:test.local");
  CHECK(me.device_id == "SCRIBEDEV");
  const auto filter = await_on(c.io, c.api.create_filter(me.user_id, R"({"room":{}})"));
  REQUIRE(filter);
  CHECK(*filter == "f1");
  REQUIRE(c.hs.calls("filter").size() == 1);
  CHECK(c.hs.calls("filter")[0].target == "/_matrix/client/v3/user/%40scribe%3Atest.local/filter");

  const std::string room = c.hs.create_room("ops", "@dana:test.local");
  const auto uninvited = await_on(c.io, c.api.join(room));
  REQUIRE_FALSE(uninvited);  // joined without an invite
  CHECK(uninvited.failure().status == 403);
  CHECK(uninvited.failure().errcode == "M_FORBIDDEN");
  CHECK(uninvited.failure().refused());
  c.hs.invite_bot(room, "@dana:test.local");
  const auto joined = await_on(c.io, c.api.join(room));
  REQUIRE(joined);
  CHECK(*joined == room);
  CHECK(c.hs.membership(room, "@scribe:test.local") == "join");
  CHECK(await_on(c.io, c.api.leave(room)));
  CHECK(c.hs.membership(room, "@scribe:test.local") == "leave");
}

TEST_CASE("calls wait out 429s and transient failures, within their attempts", "[matrix]") {
  net::ManualClock clock;
  Client c("syt_test_token", 3, clock);
  c.hs.rate_limit("whoami", 1, std::nullopt, 150);  // retry_after_ms only
  std::string user;
  auto waited = net::testing::run_fast_forward(c.io, clock, [&]() -> boost::asio::awaitable<void> {
    const auto me = co_await c.api.whoami();
    if (me) user = me->user_id;
  }());
  CHECK(user == "@scribe:test.local");
  CHECK(waited == std::chrono::milliseconds(150));
  CHECK(c.api.counters().rate_limit_waits == 1);

  c.hs.fail("whoami", 5, 502, "M_UNKNOWN", "bad gateway");
  bool refused = false;
  waited = net::testing::run_fast_forward(c.io, clock, [&]() -> boost::asio::awaitable<void> {
    const auto me = co_await c.api.whoami();
    refused = !me && me.failure().status == 502;
  }());
  CHECK(refused);
  CHECK(c.hs.calls("whoami").size() == 2 + 3);
  CHECK(waited == std::chrono::milliseconds(10 + 20));  // the backoff between the 3 attempts
}

TEST_CASE("a wrong token stops with MatrixFatalError and never shows the token", "[matrix]") {
  Client c("syt_wrong_secret");
  try {
    await_on(c.io, c.api.whoami());
    FAIL("whoami succeeded with a wrong token");
  } catch (const MatrixFatalError& e) {
    CHECK_THAT(e.what(), Catch::Contains("M_UNKNOWN_TOKEN"));
    CHECK_THAT(e.what(), !Catch::Contains("syt_wrong_secret"));
  }
  CHECK(c.hs.calls("whoami").size() == 1);  // not retried
}
