// The status endpoint as Prometheus and a load balancer meet it: real HTTP on
// 127.0.0.1, a plain Beast client, the server on its own io_context thread.
#include "adapters/net/status_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "adapters/net/listen_address.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using scribe::net::StatusServer;

namespace {

// A server on 127.0.0.1:0 whose io_context runs on a background thread until
// the fixture ends (or stop_and_join()).
struct Running {
  explicit Running(StatusServer::Handler health = nullptr, StatusServer::Handler metrics = nullptr,
                   StatusServer::Options options = {})
      : work(asio::make_work_guard(io)) {
    if (!health) health = [] { return std::pair{200, std::string(R"({"status":"ok"})")}; };
    if (!metrics) metrics = [] { return std::pair{200, std::string("scribe_up 1\n")}; };
    server = std::make_unique<StatusServer>(io, health, metrics, options);
    REQUIRE(server->start("127.0.0.1:0"));
    thread = std::thread([this] { io.run(); });
  }
  ~Running() { stop_and_join(); }
  // Stops the server and lets the io_context run out of work: it only returns
  // when every accept and session coroutine has ended.
  void stop_and_join() {
    if (!thread.joinable()) return;
    server->stop();
    work.reset();
    thread.join();
  }
  unsigned short port() const { return server->port(); }

  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  std::unique_ptr<StatusServer> server;
  std::thread thread;
};

tcp::socket connect_to(unsigned short port, asio::io_context& io) {
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  return socket;
}

http::response<http::string_body> request(unsigned short port, http::verb verb,
                                          const std::string& target, bool keep_alive = false) {
  asio::io_context io;
  beast::tcp_stream stream(connect_to(port, io));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.keep_alive(keep_alive);
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return res;
}

}  // namespace

TEST_CASE("listen addresses are host:port", "[net][status]") {
  using scribe::net::parse_listen_address;
  auto a = parse_listen_address("127.0.0.1:9464");
  REQUIRE(a);
  CHECK(a->host == "127.0.0.1");
  CHECK(a->port == 9464);
  auto v6 = parse_listen_address("[::1]:80");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(parse_listen_address("0.0.0.0:0"));
  CHECK(parse_listen_address("localhost:9464"));
  for (const char* bad : {"", "9464", ":9464", "127.0.0.1:", "127.0.0.1:65536", "::1:80",
                          "127.0.0.1:94a", "127.0.0.1:-1", "[]:80", "a b:80"}) {
    INFO(bad);
    CHECK_FALSE(parse_listen_address(bad));
  }
}

TEST_CASE("GET /healthz and /metrics answer from the callbacks", "[net][status]") {
  int status = 200;
  Running server(
      [&] {
        return std::pair{status, std::string(R"({"status":"ok"})")};
      },
      [] {
        return std::pair{200, std::string("# TYPE x gauge\nx 1\n")};
      });

  auto health = request(server.port(), http::verb::get, "/healthz");
  CHECK(health.result_int() == 200);
  CHECK(health[http::field::content_type] == "application/json");
  CHECK(health.body() == R"({"status":"ok"})");

  status = 503;
  CHECK(request(server.port(), http::verb::get, "/healthz").result_int() == 503);

  auto metrics = request(server.port(), http::verb::get, "/metrics?name[]=x");
  CHECK(metrics.result_int() == 200);
  CHECK(metrics[http::field::content_type] == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(metrics.body() == "# TYPE x gauge\nx 1\n");
}

TEST_CASE("other paths are 404, other methods 405, a throwing callback 500", "[net][status]") {
  Running server(nullptr, []() -> std::pair<int, std::string> {
    throw std::runtime_error("database is locked");
  });
  CHECK(request(server.port(), http::verb::get, "/").result_int() == 404);
  CHECK(request(server.port(), http::verb::get, "/healthz/extra").result_int() == 404);
  auto post = request(server.port(), http::verb::post, "/healthz");
  CHECK(post.result_int() == 405);
  CHECK(post[http::field::allow] == "GET");
  auto broken = request(server.port(), http::verb::get, "/metrics");
  CHECK(broken.result_int() == 500);
  CHECK_THAT(broken.body(), Catch::Contains("database is locked"));
}

TEST_CASE("one connection serves several requests (keep-alive)", "[net][status]") {
  int calls = 0;
  Running server([&] { return std::pair{200, std::to_string(++calls)}; });
  asio::io_context io;
  beast::tcp_stream stream(connect_to(server.port(), io));
  beast::flat_buffer buffer;
  for (int i = 1; i <= 3; ++i) {
    http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
    req.keep_alive(true);
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    CHECK(res.body() == std::to_string(i));
  }
}

TEST_CASE("an oversized request is refused with 431 and the connection closed", "[net][status]") {
  StatusServer::Options options;
  options.max_request_bytes = 1024;
  Running server(nullptr, nullptr, options);
  asio::io_context io;
  beast::tcp_stream stream(connect_to(server.port(), io));
  http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
  req.set("X-Padding", std::string(4096, 'a'));
  beast::error_code ec;
  http::write(stream, req, ec);  // may fail half way once the server closes
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (!ec) {
    CHECK(res.result_int() == 431);
    CHECK_FALSE(res.keep_alive());
  } else {
    CHECK((ec == asio::error::connection_reset || ec == http::error::end_of_stream));
  }
}

TEST_CASE("garbage gets 400", "[net][status]") {
  Running server;
  asio::io_context io;
  tcp::socket socket = connect_to(server.port(), io);
  asio::write(socket, asio::buffer(std::string("HELLO THERE\r\n\r\n")));
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code ec;
  http::read(socket, buffer, res, ec);
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 400);
}

TEST_CASE("a client that sends nothing is disconnected after the timeout", "[net][status]") {
  StatusServer::Options options;
  options.timeout = std::chrono::milliseconds(200);
  Running server(nullptr, nullptr, options);
  asio::io_context io;
  tcp::socket socket = connect_to(server.port(), io);
  const auto start = std::chrono::steady_clock::now();
  char byte;
  beast::error_code ec;
  socket.read_some(asio::buffer(&byte, 1), ec);  // blocks until the server closes
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(ec);
  CHECK(waited >= std::chrono::milliseconds(150));
  CHECK(waited < std::chrono::seconds(3));
}

TEST_CASE("stop() closes the listener and open connections, the io_context runs dry",
          "[net][status]") {
  auto server = std::make_unique<Running>();
  const auto port = server->port();
  CHECK(request(port, http::verb::get, "/healthz").result_int() == 200);

  asio::io_context io;
  tcp::socket idle = connect_to(port, io);  // open, mid-request
  asio::write(idle, asio::buffer(std::string("GET /healthz HTTP/1.1\r\n")));

  auto joined = std::async(std::launch::async, [&] { server->stop_and_join(); });
  REQUIRE(joined.wait_for(std::chrono::seconds(3)) == std::future_status::ready);

  char byte;
  beast::error_code ec;
  idle.read_some(asio::buffer(&byte, 1), ec);
  CHECK(ec);  // closed by the server
  tcp::socket late(io);
  late.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  CHECK(ec == asio::error::connection_refused);
}

TEST_CASE("an empty listen address turns the server off, a bad one is refused", "[net][status]") {
  asio::io_context io;
  StatusServer server(io, nullptr, nullptr);
  CHECK_FALSE(server.start(""));
  CHECK(server.port() == 0);
  CHECK_THROWS_WITH(server.start("nonsense"), Catch::Contains("nonsense"));

  // A port in use is reported, naming the address.
  Running other;
  StatusServer clash(io, nullptr, nullptr);
  const std::string taken = "127.0.0.1:" + std::to_string(other.port());
  CHECK_THROWS_WITH(clash.start(taken), Catch::Contains(taken) && Catch::Contains("bind"));
}
