// WebSocketConnection against the test server: echo over ws and wss, ordered
// writes, keep-alive, a silent server, a dropped socket, refusals.
#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <mutex>
#include <thread>

#include "adapters/net/errors.hpp"
#include "adapters/net/websocket_client.hpp"
#include "tests/net/net_test_support.hpp"
#include "tests/support/test_server.hpp"

using namespace std::chrono_literals;
using namespace scribe::net;
using boost::asio::awaitable;
using scribe::test::test_pki;
using scribe::test::TestServer;
using scribe::test::TestWebSocket;

namespace {

void serve_echo(TestServer& server) {
  server.on_websocket("/link/", [](std::shared_ptr<TestWebSocket> ws) {
    while (ws->is_open())
      if (auto text = ws->read_text(50ms)) ws->send_text(*text);
  });
}

using Connected = std::pair<error_code, std::unique_ptr<WebSocketConnection>>;

Connected connect(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                  const std::string& url, WebSocketOptions options = {}) {
  return testing::run(io, WebSocketConnection::connect(io.get_executor(), tls, *Url::parse(url),
                                                       std::move(options)));
}

// Sends three messages from three coroutines at once, then reads the echoes.
awaitable<std::vector<std::string>> echo_three(WebSocketConnection& ws) {
  auto executor = co_await boost::asio::this_coro::executor;
  for (const char* text : {"one", "two", "three"})
    boost::asio::co_spawn(
        executor, [&ws, text]() -> awaitable<void> { co_await ws.write_text(text); },
        boost::asio::detached);
  std::vector<std::string> echoes;
  for (int i = 0; i < 3; ++i) {
    std::string text;
    if (co_await ws.read_text(text)) break;
    echoes.push_back(text);
  }
  co_return echoes;
}

awaitable<std::pair<error_code, std::string>> read_one(WebSocketConnection& ws) {
  std::string text;
  auto ec = co_await ws.read_text(text);
  co_return std::pair{ec, text};
}

}  // namespace

TEST_CASE("Websocket echo over ws://, writes in call order, clean close", "[net][integration]") {
  TestServer server;
  std::shared_ptr<TestWebSocket> session;
  std::mutex mutex;
  server.on_websocket("/link/", [&](std::shared_ptr<TestWebSocket> ws) {
    {
      std::lock_guard lock(mutex);
      session = ws;
    }
    while (ws->is_open())
      if (auto text = ws->read_text(50ms)) ws->send_text(*text);
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/?ticket=t1"),
                          {.headers = {{"Authorization", "Bearer xapp-secret"}}});
  REQUIRE_FALSE(ec);
  REQUIRE(ws);
  CHECK(ws->is_open());
  CHECK(testing::run(io, echo_three(*ws)) == std::vector<std::string>{"one", "two", "three"});
  auto upgrade = server.requests().at(0);
  CHECK(upgrade.target == "/link/?ticket=t1");
  CHECK(upgrade.header("Authorization") == "Bearer xapp-secret");

  testing::run(io, ws->close(CloseCode::normal));
  CHECK_FALSE(ws->is_open());
  std::lock_guard lock(mutex);
  REQUIRE(session);
  for (int i = 0; i < 100 && session->is_open(); ++i) std::this_thread::sleep_for(10ms);
  CHECK(session->client_close_code() == 1000);
}

TEST_CASE("Websocket echo over wss:// with the test CA", "[net][integration]") {
  TestServer server({.tls = test_pki().server});
  serve_echo(server);
  boost::asio::io_context io;
  auto tls = testing::test_ca_context();
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/"));
  REQUIRE_FALSE(ec);
  CHECK(testing::run(io, echo_three(*ws)) == std::vector<std::string>{"one", "two", "three"});
  testing::run(io, ws->close());
}

TEST_CASE("wss:// to a certificate for another name is refused", "[net][integration]") {
  TestServer server({.tls = test_pki().wrong_host});
  serve_echo(server);
  boost::asio::io_context io;
  auto tls = testing::test_ca_context();
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/"));
  CHECK(is_tls_verification_failure(ec));
  CHECK_FALSE(ws);
}

TEST_CASE("Keep-alive pings hold a quiet but healthy connection open", "[net][integration]") {
  TestServer server;
  server.on_websocket("/link/", [](std::shared_ptr<TestWebSocket> ws) {
    std::this_thread::sleep_for(900ms);  // quiet for longer than the idle timeout
    ws->send_text("still here");
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/"), {.idle_timeout = 400ms});
  REQUIRE_FALSE(ec);
  auto [read_ec, text] = testing::run(io, read_one(*ws));
  CHECK_FALSE(read_ec);
  CHECK(text == "still here");
  ws->abort();
}

TEST_CASE("A server that goes silent is detected by the idle timeout", "[net][integration]") {
  TestServer server;
  server.on_websocket("/link/", [](std::shared_ptr<TestWebSocket> ws) {
    ws->send_text("hello");
    ws->go_silent();  // no more pongs, no more frames; TCP stays up
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/"), {.idle_timeout = 500ms});
  REQUIRE_FALSE(ec);
  auto [first_ec, first] = testing::run(io, read_one(*ws));
  REQUIRE_FALSE(first_ec);
  CHECK(first == "hello");
  const auto started = std::chrono::steady_clock::now();
  auto [silent_ec, nothing] = testing::run(io, read_one(*ws), 5s);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(is_timeout(silent_ec));
  CHECK(took >= 200ms);
  CHECK(took < 3s);
}

TEST_CASE("A dropped socket surfaces as an error code", "[net][integration]") {
  TestServer server({.tls = test_pki().server});
  server.on_websocket("/link/", [](std::shared_ptr<TestWebSocket> ws) {
    std::this_thread::sleep_for(50ms);
    ws->abort();  // TCP gone, no close frame
  });
  boost::asio::io_context io;
  auto tls = testing::test_ca_context();
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/"));
  REQUIRE_FALSE(ec);
  auto [read_ec, text] = testing::run(io, read_one(*ws));
  CHECK(read_ec);
  CHECK_FALSE(ws->is_open());
  CHECK(testing::run(io, ws->write_text("anyone?")));  // an error, not an exception
}

TEST_CASE("The server's close frame ends reads with its code", "[net][integration]") {
  TestServer server;
  server.on_websocket("/link/", [](std::shared_ptr<TestWebSocket> ws) {
    ws->send_text(R"({"type":"disconnect","reason":"refresh_requested"})");
    ws->close(4002);
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/"));
  REQUIRE_FALSE(ec);
  auto [first_ec, first] = testing::run(io, read_one(*ws));
  CHECK_FALSE(first_ec);
  CHECK(first.find("refresh_requested") != std::string::npos);
  auto [closed_ec, nothing] = testing::run(io, read_one(*ws));
  CHECK(is_normal_shutdown(closed_ec));
  CHECK(ws->peer_close_code() == 4002);
}

TEST_CASE("Oversized messages and refused upgrades are errors", "[net][integration]") {
  TestServer server;
  server.on_websocket("/link/", [](std::shared_ptr<TestWebSocket> ws) {
    ws->send_text(std::string(4096, 'x'));
    while (ws->is_open()) ws->read_text(50ms);
  });
  boost::asio::io_context io;
  auto tls = make_tls_context();
  SECTION("message larger than max_message_size") {
    auto [ec, ws] = connect(io, tls, server.ws_url("/link/"), {.max_message_size = 1024});
    REQUIRE_FALSE(ec);
    auto [read_ec, text] = testing::run(io, read_one(*ws));
    CHECK(read_ec);
    CHECK(text.empty());
  }
  SECTION("no websocket at that path") {
    auto [ec, ws] = connect(io, tls, server.ws_url("/elsewhere"));
    CHECK(ec);
    CHECK_FALSE(ws);
  }
  SECTION("nobody listening") {
    server.stop_accepting();
    auto [ec, ws] = connect(io, tls, server.ws_url("/link/"));
    CHECK(ec == boost::asio::error::connection_refused);
  }
}

namespace {

// A reader parked in read_text() while another coroutine closes or aborts.
awaitable<std::pair<error_code, bool>> stop_while_reading(WebSocketConnection& ws, bool abort) {
  auto executor = co_await boost::asio::this_coro::executor;
  bool read_done = false;
  error_code read_ec;
  boost::asio::co_spawn(
      executor,
      [&]() -> awaitable<void> {
        std::string text;
        read_ec = co_await ws.read_text(text);
        read_done = true;
      },
      boost::asio::detached);
  boost::asio::steady_timer pause(executor, 50ms);
  co_await pause.async_wait(boost::asio::use_awaitable);
  if (abort) {
    ws.abort();
  } else {
    co_await ws.close(CloseCode::going_away);
  }
  for (int i = 0; i < 100 && !read_done; ++i) {
    pause.expires_after(10ms);
    co_await pause.async_wait(boost::asio::use_awaitable);
  }
  co_return std::pair{read_ec, read_done};
}

}  // namespace

TEST_CASE("Closing or aborting ends a pending read as a normal shutdown", "[net][integration]") {
  TestServer server({.tls = test_pki().server});
  serve_echo(server);
  boost::asio::io_context io;
  auto tls = testing::test_ca_context();
  const bool abort = GENERATE(false, true);
  auto [ec, ws] = connect(io, tls, server.ws_url("/link/"));
  REQUIRE_FALSE(ec);
  auto [read_ec, read_done] = testing::run(io, stop_while_reading(*ws, abort));
  CHECK(read_done);
  CHECK(read_ec);
  CHECK(is_normal_shutdown(read_ec));
  CHECK_FALSE(ws->is_open());
}
