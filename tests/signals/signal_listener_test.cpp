// The listener over loopback HTTP, with the engine on a real SQLite store:
// status codes, JSON reasons, nothing stored without a credential, re-sends
// accepted once.
#include "adapters/signals/signal_listener.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <thread>

#include "adapters/net/digest.hpp"
#include "adapters/net/tls.hpp"
#include "tests/support/engine_fixture.hpp"
#include "tests/support/http_post.hpp"
#include "tests/support/process.hpp"
#include "tests/support/test_tls.hpp"

using namespace scribe;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string sample(const std::string& name) {
  return test::read_file(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/signals/" + name);
}

struct Answer {
  int status = 0;
  boost::json::value body;
  std::string allow;
};

Answer post(unsigned short port, const std::string& target, const std::string& body,
            const test::Headers& headers, const std::string& method = "POST") {
  const auto a = test::http_post(port, target, body, headers, method);
  return Answer{a.status, boost::json::parse(a.body), a.allow};
}

std::string error_of(const Answer& a) {
  return std::string(a.body.at("error").as_string());
}

const test::Headers kBearer{{"Authorization", "Bearer s3cret"}};

struct Listening {
  test::EngineFixture f;
  asio::io_context io;
  signals::SignalListener listener;
  std::thread thread;

  Listening()
      : listener(io, config(), [this](const std::vector<core::Signal>& s, core::Instant at) {
          return f.engine.handle_signals(s, at);
        }) {
    REQUIRE(listener.start());
    thread = std::thread([this] { io.run(); });
  }
  ~Listening() {
    listener.stop();
    thread.join();
  }

  static signals::SignalsConfig config() {
    signals::SignalsConfig c;
    c.listen = "127.0.0.1:0";
    c.token = "s3cret";
    c.pagerduty_secret = "pd-secret";
    c.github_secret = "gh-secret";
    return c;
  }
  std::size_t kept() { return f.store->signals().kept_since(core::from_epoch_ms(0)).size(); }
};

}  // namespace

TEST_CASE("Alertmanager posts are accepted once, re-sends are duplicates", "[signals][listener]") {
  Listening l;
  const std::string body = sample("alertmanager-webhook-firing.json");
  auto a = post(l.listener.port(), "/signals/alertmanager", body, kBearer);
  CHECK(a.status == 202);
  CHECK(a.body.at("accepted").as_int64() == 2);
  CHECK(a.body.at("duplicates").as_int64() == 0);
  CHECK(l.kept() == 2);
  a = post(l.listener.port(), "/signals/alertmanager", body, kBearer);
  CHECK(a.status == 202);
  CHECK(a.body.at("accepted").as_int64() == 0);
  CHECK(a.body.at("duplicates").as_int64() == 2);
  CHECK(l.kept() == 2);
  CHECK(l.listener.stats().sources.at("alertmanager").duplicates == 2);
}

TEST_CASE("without a valid credential, nothing is stored", "[signals][listener]") {
  Listening l;
  const auto port = l.listener.port();
  const std::string body = sample("alertmanager-webhook-firing.json");
  auto a = post(port, "/signals/alertmanager", body, {});
  CHECK(a.status == 401);
  CHECK(error_of(a) == "missing or wrong bearer token");
  a = post(port, "/signals/generic", R"({"text":"x"})", {{"Authorization", "Bearer s3cre"}});
  CHECK(a.status == 401);

  const std::string pd = sample("pagerduty-v3-incident-triggered.json");
  a = post(port, "/signals/pagerduty", pd, {{"X-PagerDuty-Signature", "v1=00"}});
  CHECK(a.status == 401);
  CHECK(error_of(a) == "missing or wrong X-PagerDuty-Signature");
  a = post(port, "/signals/pagerduty", pd, kBearer);  // the wrong kind of credential
  CHECK(a.status == 401);
  const std::string gh = sample("github-deployment_status.json");
  a = post(port, "/signals/github", gh,
           {{"X-GitHub-Event", "deployment_status"}, {"X-Hub-Signature-256", "sha256=00"}});
  CHECK(a.status == 401);
  CHECK(l.kept() == 0);
  CHECK(l.listener.stats().refused.at("unauthorized") == 5);

  // The right ones are taken, once per delivery.
  a = post(port, "/signals/pagerduty", pd,
           {{"X-PagerDuty-Signature", "v1=" + net::hmac_sha256_hex("pd-secret", pd)}});
  CHECK(a.status == 202);
  CHECK(a.body.at("accepted").as_int64() == 1);
  const test::Headers github{
      {"X-GitHub-Event", "deployment_status"},
      {"X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"},
      {"X-Hub-Signature-256", "sha256=" + net::hmac_sha256_hex("gh-secret", gh)}};
  CHECK(post(port, "/signals/github", gh, github).body.at("accepted").as_int64() == 1);
  CHECK(post(port, "/signals/github", gh, github).body.at("duplicates").as_int64() == 1);
  CHECK(l.kept() == 2);
}

TEST_CASE("bad requests get their status and a one-line reason", "[signals][listener]") {
  Listening l;
  const auto port = l.listener.port();
  auto a = post(port, "/signals/nagios", "{}", kBearer);
  CHECK(a.status == 404);
  CHECK_THAT(error_of(a), Catch::Contains("/signals/alertmanager"));
  a = post(port, "/signals/generic", "", kBearer, "GET");
  CHECK(a.status == 405);
  CHECK(a.allow == "POST");
  a = post(port, "/signals/generic", "{not json", kBearer);
  CHECK(a.status == 400);
  CHECK(error_of(a) == "the body is not a JSON object");
  a = post(port, "/signals/generic", R"({"kind":"deploy"})", kBearer);
  CHECK(a.status == 400);
  a = post(port, "/signals/generic", std::string(signals::kMaxBodyBytes + 1, ' '), kBearer);
  CHECK(a.status == 413);
  CHECK_THAT(error_of(a), Catch::Contains("too large"));
  CHECK(l.kept() == 0);
  // A body of exactly the limit is read (and refused only for what it says).
  a = post(port, "/signals/generic", std::string(signals::kMaxBodyBytes, ' '), kBearer);
  CHECK(a.status == 400);
}

TEST_CASE("with cert_file and key_file the listener speaks TLS only", "[signals][listener][tls]") {
  const auto& pki = test::test_pki();
  test::EngineFixture f;
  asio::io_context io;
  auto config = Listening::config();
  config.cert_file = pki.server.cert_file.string();
  config.key_file = pki.server.key_file.string();
  signals::SignalListener listener(
      io, config, [&](const auto& s, core::Instant at) { return f.engine.handle_signals(s, at); });
  REQUIRE(listener.start());
  std::thread thread([&] { io.run(); });

  // A client that trusts the test CA and checks the name, as a sender would.
  asio::io_context client_io;
  auto tls = net::make_tls_context(net::TlsOptions{pki.ca_cert_file.string(), false});
  beast::ssl_stream<beast::tcp_stream> stream(client_io, tls);
  net::prepare_tls_client(stream.native_handle(), "127.0.0.1");
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect(
      asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), listener.port()));
  stream.handshake(asio::ssl::stream_base::client);
  http::request<http::string_body> req{http::verb::post, "/signals/generic", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::authorization, "Bearer s3cret");
  req.body() = R"({"id": "tls-1", "text": "over TLS", "service": "api"})";
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  CHECK(res.result_int() == 202);
  CHECK(f.store->signals().kept_since(core::from_epoch_ms(0)).size() == 1);

  // Plain HTTP to the TLS port gets no answer it could mistake for one.
  CHECK_THROWS(test::http_post(listener.port(), "/signals/generic", "{}", kBearer));
  listener.stop();
  thread.join();
}
