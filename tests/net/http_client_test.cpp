// HttpClient against the test server on 127.0.0.1: plain and TLS, keep-alive,
// stale pooled connections, refused certificates, limits.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <optional>
#include <thread>

#include "adapters/net/errors.hpp"
#include "adapters/net/http_client.hpp"
#include "tests/net/net_test_support.hpp"
#include "tests/support/test_server.hpp"

using namespace std::chrono_literals;
using namespace scribe::net;
using scribe::test::test_pki;
using scribe::test::TestRequest;
using scribe::test::TestResponse;
using scribe::test::TestServer;
using scribe::test::TestServerOptions;

namespace {

HttpRequest get(const TestServer& server, const std::string& path) {
  return {.method = "GET", .url = *Url::parse(server.base_url() + path)};
}

TestResponse echo(const TestRequest& r) {
  return TestResponse::json(R"({"method":")" + r.method + R"(","target":")" + r.target +
                            R"(","body":")" + r.body + R"("})");
}

}  // namespace

TEST_CASE("GET and POST over plain http", "[net][integration]") {
  TestServer server;
  server.on_http(echo);
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);

  auto got = testing::run(io, client.request(get(server, "/api/auth.test?x=1")));
  REQUIRE_FALSE(got.ec);
  CHECK(got.status == 200);
  CHECK(got.ok());
  CHECK(got.body == R"({"method":"GET","target":"/api/auth.test?x=1","body":""})");
  CHECK(got.header("content-type") == "application/json");

  HttpRequest post{.method = "POST",
                   .url = *Url::parse(server.base_url() + "/api/chat.postMessage"),
                   .headers = {{"Authorization", "Bearer xoxb-test"}},
                   .body = R"(hello)",
                   .content_type = "application/json; charset=utf-8"};
  auto posted = testing::run(io, client.request(post));
  REQUIRE(posted.ok());
  CHECK(posted.body == R"({"method":"POST","target":"/api/chat.postMessage","body":"hello"})");
  auto seen = server.requests().at(1);
  CHECK(seen.header("Authorization") == "Bearer xoxb-test");
  CHECK(seen.header("Content-Type") == "application/json; charset=utf-8");
  CHECK(seen.header("Host") == "127.0.0.1:" + std::to_string(server.port()));
}

TEST_CASE("Keep-alive reuses one connection for many requests", "[net][integration]") {
  TestServer server;
  server.on_http(echo);
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  for (int i = 0; i < 5; ++i) REQUIRE(testing::run(io, client.request(get(server, "/x"))).ok());
  CHECK(server.connections_accepted() == 1);
  CHECK(client.connections_opened() == 1);
}

TEST_CASE("A pooled connection the server closed is replaced transparently", "[net][integration]") {
  TestServer server;
  server.on_http(echo);
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  REQUIRE(testing::run(io, client.request(get(server, "/one"))).ok());
  server.drop_all_connections();  // the server closes the idle keep-alive connection
  std::this_thread::sleep_for(50ms);
  auto again = testing::run(
      io, client.request(
              {.method = "POST", .url = *Url::parse(server.base_url() + "/two"), .body = "b"}));
  REQUIRE_FALSE(again.ec);
  CHECK(again.status == 200);
  CHECK(server.connections_accepted() == 2);
}

TEST_CASE("Connection: close from the server is honoured", "[net][integration]") {
  TestServer server;
  server.on_http([](const TestRequest&) {
    TestResponse r = TestResponse::json("{}");
    r.close_connection = true;
    return r;
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  REQUIRE(testing::run(io, client.request(get(server, "/a"))).ok());
  REQUIRE(testing::run(io, client.request(get(server, "/b"))).ok());
  CHECK(server.connections_accepted() == 2);
}

TEST_CASE("HTTPS with the test CA via ca_file is accepted and pooled", "[net][integration]") {
  TestServer server({.tls = test_pki().server});
  server.on_http(echo);
  boost::asio::io_context io;
  auto tls = testing::test_ca_context();
  HttpClient client(io.get_executor(), tls);
  auto first = testing::run(io, client.request(get(server, "/secure")));
  REQUIRE_FALSE(first.ec);
  CHECK(first.status == 200);
  REQUIRE(testing::run(io, client.request(get(server, "/secure2"))).ok());
  CHECK(server.connections_accepted() == 1);

  // The same server by name: SAN DNS:localhost matches too.
  auto by_name = testing::run(
      io, client.request(
              {.url = *Url::parse("https://localhost:" + std::to_string(server.port()) + "/n")}));
  CHECK(by_name.ok());
}

TEST_CASE("A certificate for another host name is refused", "[net][integration]") {
  TestServer server({.tls = test_pki().wrong_host});
  server.on_http(echo);
  boost::asio::io_context io;
  auto tls = testing::test_ca_context();  // the CA is trusted; only the name is wrong
  HttpClient client(io.get_executor(), tls);
  auto result = testing::run(io, client.request(get(server, "/")));
  REQUIRE(result.ec);
  CHECK(is_tls_verification_failure(result.ec));
  CHECK(result.status == 0);
  CHECK(server.requests().empty());
}

TEST_CASE("A certificate from an untrusted CA is refused", "[net][integration]") {
  TestServer server({.tls = test_pki().untrusted});
  server.on_http(echo);
  boost::asio::io_context io;
  auto tls = testing::test_ca_context();
  HttpClient client(io.get_executor(), tls);
  auto result = testing::run(io, client.request(get(server, "/")));
  CHECK(is_tls_verification_failure(result.ec));

  // Without the test CA even the right certificate is refused: the system
  // store does not know it.
  TestServer proper({.tls = test_pki().server});
  proper.on_http(echo);
  auto system_only = make_tls_context();
  HttpClient plain_trust(io.get_executor(), system_only);
  CHECK(is_tls_verification_failure(testing::run(io, plain_trust.request(get(proper, "/"))).ec));
}

TEST_CASE("A bad tls.ca_file is reported", "[net]") {
  CHECK_THROWS_WITH(make_tls_context({.ca_file = "/nonexistent/ca.pem"}),
                    Catch::Contains("tls.ca_file /nonexistent/ca.pem"));
  boost::system::error_code ec;
  make_tls_context({.ca_file = "/nonexistent/ca.pem"}, ec);
  CHECK(ec);
}

TEST_CASE("Transport failures come back as error codes", "[net][integration]") {
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls,
                    {.connect_timeout = 2s, .request_timeout = 300ms, .body_limit = 1024});
  std::uint16_t closed_port;
  {
    TestServer gone;
    closed_port = gone.port();
  }
  SECTION("connection refused") {
    auto r = testing::run(
        io, client.request(
                {.url = *Url::parse("http://127.0.0.1:" + std::to_string(closed_port) + "/")}));
    CHECK(r.ec == boost::asio::error::connection_refused);
    CHECK_FALSE(r.request_sent);
  }
  SECTION("request timeout") {
    TestServer slow;
    slow.on_http([](const TestRequest&) {
      TestResponse r = TestResponse::json("{}");
      r.delay = 2s;
      return r;
    });
    const auto started = std::chrono::steady_clock::now();
    auto r = testing::run(io, client.request(get(slow, "/slow")));
    CHECK(is_timeout(r.ec));
    CHECK(r.request_sent);
    CHECK(std::chrono::steady_clock::now() - started < 1500ms);
  }
  SECTION("body larger than the limit") {
    TestServer big;
    big.on_http([](const TestRequest&) { return TestResponse::json(std::string(4096, 'x')); });
    auto r = testing::run(io, client.request(get(big, "/big")));
    CHECK(r.ec);
    CHECK(r.status == 0);
  }
  SECTION("server drops the connection without answering") {
    TestServer rude;
    rude.on_http([](const TestRequest&) {
      TestResponse r;
      r.drop_connection = true;
      return r;
    });
    auto r = testing::run(io, client.request(get(rude, "/")));
    CHECK(r.ec);
    CHECK(rude.connections_accepted() == 1);  // a fresh connection is not retried
  }
  SECTION("a header value with a line break is refused before anything is sent") {
    TestServer server;
    server.on_http(echo);
    HttpRequest sneaky = get(server, "/");
    sneaky.headers = {{"Authorization", "Bearer xoxb-1\r\nX-Injected: yes"}};
    auto r = testing::run(io, client.request(sneaky));
    CHECK(r.ec == boost::asio::error::invalid_argument);
    CHECK(server.connections_accepted() == 0);
  }
  SECTION("ws:// is not for HttpClient") {
    auto r = testing::run(io, client.request({.url = *Url::parse("ws://127.0.0.1:1/")}));
    CHECK(r.ec == Error::unsupported_scheme);
  }
}

TEST_CASE("shutdown() cancels a request in flight and refuses new ones", "[net][integration]") {
  TestServer server;
  server.on_http([](const TestRequest&) {
    TestResponse r = TestResponse::json("{}");
    r.delay = 3s;
    return r;
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  boost::asio::steady_timer later(io, 100ms);
  later.async_wait([&](boost::system::error_code) { client.shutdown(); });
  auto r = testing::run(io, client.request(get(server, "/long")));
  CHECK(r.ec == boost::asio::error::operation_aborted);
  CHECK(is_normal_shutdown(r.ec));
  CHECK(testing::run(io, client.request(get(server, "/next"))).ec == Error::shut_down);
}

// shutdown() may land at any point of a request: while dialling, between the
// write finishing and the read starting (the write's completion already
// queued, so there is nothing pending to cancel), or during the read. Each
// trial runs k handlers of the request, then shuts down: the request must end
// at once however it was caught, or SIGTERM waits out a whole long poll.
TEST_CASE("shutdown() ends a request whatever step it is at", "[net][integration]") {
  for (const bool secure : {false, true}) {
    TestServer server(secure ? TestServerOptions{.tls = test_pki().server} : TestServerOptions{});
    server.on_http([](const TestRequest&) {
      TestResponse r = TestResponse::json("{}");
      r.delay = 30s;  // a long poll
      return r;
    });
    // The request sits in its read (the server has it, no handler is left to
    // run): later trials would only repeat this one.
    bool steady = false;
    for (int k = 0; !steady && k < 200; ++k) {
      CAPTURE(secure, k);
      boost::asio::io_context io;
      auto tls = testing::test_ca_context();
      HttpClient client(io.get_executor(), tls);
      const std::size_t asked_before = server.requests().size();
      std::optional<HttpResult> result;
      boost::asio::co_spawn(io, client.request(get(server, "/sync")),
                            [&](std::exception_ptr, HttpResult r) { result = std::move(r); });
      for (int step = 0; step < k; ++step) {
        if (io.run_one_for(300ms) == 0) {
          steady = server.requests().size() > asked_before;
          break;
        }
      }
      REQUIRE_FALSE(result.has_value());
      client.shutdown();
      const auto deadline = std::chrono::steady_clock::now() + 5s;
      while (!result && std::chrono::steady_clock::now() < deadline) io.run_one_until(deadline);
      REQUIRE(result.has_value());
      CHECK(is_normal_shutdown(result->ec));
    }
    CHECK(steady);
  }
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date", "[net]") {
  HttpResult r;
  CHECK_FALSE(r.retry_after());
  r.headers = {{"retry-after", "3"}};
  CHECK(r.retry_after() == 3000ms);
  r.headers = {{"Retry-After", " 1.5 "}};
  CHECK(r.retry_after() == 1500ms);
  r.headers = {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}};  // in the past
  CHECK(r.retry_after() == 0ms);
  r.headers = {{"Retry-After", "soon"}};
  CHECK_FALSE(r.retry_after());
}

TEST_CASE("A request whose pooled connection dies unanswered is sent once more",
          "[net][integration]") {
  TestServer server;
  std::atomic<int> calls{0};
  server.on_http([&](const TestRequest& r) {
    // The second request on the first connection meets a server that already
    // gave up on it: no answer, connection closed.
    if (++calls == 2 && r.connection_id == 1) {
      TestResponse drop;
      drop.drop_connection = true;
      return drop;
    }
    return TestResponse::json("{}");
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  HttpClient client(io.get_executor(), tls);
  REQUIRE(testing::run(io, client.request(get(server, "/first"))).ok());
  auto second = testing::run(io, client.request(get(server, "/second")));
  REQUIRE_FALSE(second.ec);
  CHECK(second.status == 200);
  CHECK(calls == 3);
  CHECK(server.connections_accepted() == 2);
}
