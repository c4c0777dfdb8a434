// The real `scribe run` with its signals listener and the fake Slack: machines
// write the timeline (a deploy before the incident, the monitor's alert, a
// page and its acknowledgement), people type only what machines cannot know.
#include <catch2/catch.hpp>

#include <signal.h>
#include <boost/json.hpp>

#include <filesystem>
#include <regex>
#include <thread>

#include "adapters/net/digest.hpp"
#include "bot/core/time.hpp"
#include "tests/support/background_process.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/http_post.hpp"
#include "tests/support/process.hpp"
#include "tests/support/scribe_run.hpp"
#include "tests/support/slack_seed.hpp"

using namespace scribe;
using namespace scribe::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "itest-signals-token";
constexpr const char* kPagerDutySecret = "itest-pd-secret";

std::string sample(const std::string& name) {
  return read_file(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/signals/" + name);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

struct SignalsScribe : ScribeRun {
  explicit SignalsScribe(const FakeSlack& fake)
      : ScribeRun("[http]\nlisten = \"\"\n" + slack_config(fake) +
                  "[signals]\nlisten = \"127.0.0.1:0\"\ntoken = \"" + kToken +
                  "\"\npagerduty_secret = \"" + kPagerDutySecret + "\"\n") {}

  // The port from "signals on http://127.0.0.1:PORT/signals/".
  unsigned short signals_port() {
    REQUIRE(logged("signals on http://127.0.0.1:"));
    std::smatch m;
    const std::string text = logs();
    REQUIRE(std::regex_search(text, m, std::regex(R"(signals on http://127\.0\.0\.1:(\d+)/)")));
    return static_cast<unsigned short>(std::stoi(m[1]));
  }
};

// The minute the incident is declared in, and the times around it, like the
// seed's 14:46 with the deploy at 14:12, first 503s at 14:31, the alert at 14:44.
struct Clock {
  core::Instant declared = std::chrono::floor<std::chrono::minutes>(core::wall_clock_now());
  core::Instant minus(int minutes) const { return declared - std::chrono::minutes(minutes); }
  static std::string hhmm(core::Instant t) { return core::format_clock(t, "UTC"); }
};

boost::json::value json_of(const HttpAnswer& a) {
  INFO(a.body);
  return boost::json::parse(a.body);
}

// A slash command's answer rides on its ack (Socket Mode's response payload).
bool answered(const FakeSlack& fake, const std::string& text) {
  for (const auto& ack : fake.acks())
    if (ack.payload_text.find(text) != std::string::npos) return true;
  return false;
}

const SlackUpload* last_upload(const FakeSlack& fake, std::vector<SlackUpload>& keep) {
  keep = fake.uploads();
  return keep.empty() || !keep.back().completed ? nullptr : &keep.back();
}

}  // namespace

TEST_CASE("scribe run: a deploy and an alert before the incident write its timeline and detection",
          "[integration][signals]") {
  FakeSlack fake;
  SignalsScribe scribe(fake);
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  const auto port = scribe.signals_port();
  const Clock clock;
  const Headers bearer{{"Authorization", std::string("Bearer ") + kToken}};

  // 14:12: the deploy, before anyone knows of an incident.
  auto a = http_post(
      port, "/signals/generic",
      R"({"id": "deploy-4711", "at": ")" + core::format_iso8601(clock.minus(34)) +
          R"(", "kind": "deploy", "service": "checkout", "text": "Deploy of v2.4.1 completed to production"})",
      bearer);
  REQUIRE(a.status == 202);
  CHECK(json_of(a).at("accepted").as_int64() == 1);
  // 14:44 firing, arriving a minute later, and sent again by Alertmanager.
  const std::string alert =
      replaced(sample("alertmanager-webhook-firing.json"), "2026-12-01T06:58:59.493Z",
               core::format_iso8601(clock.minus(2)));
  a = http_post(port, "/signals/alertmanager", alert, bearer);
  REQUIRE(a.status == 202);
  CHECK(json_of(a).at("accepted").as_int64() == 2);
  a = http_post(port, "/signals/alertmanager", alert, bearer);
  CHECK(json_of(a).at("duplicates").as_int64() == 2);
  // Wrong credential: refused, nothing kept.
  a = http_post(port, "/signals/generic", R"({"id": "x", "text": "forged", "service": "checkout"})",
                {{"Authorization", "Bearer guess"}});
  CHECK(a.status == 401);

  // 14:46: declared, given its service; a person types only the impact.
  const std::string channel = declare_incident(fake, "API returning 503s");
  fake.send_slash(channel, "U1", "dana", "service checkout");
  fake.send_slash(channel, "U1", "dana", "impact " + Clock::hhmm(clock.minus(15)) + " First 503s");
  fake.send_slash(channel, "U1", "dana", "resolved");
  fake.send_slash(channel, "U1", "dana", "close");
  std::vector<SlackUpload> uploads;
  REQUIRE(FakeSlack::eventually([&] { return last_upload(fake, uploads) != nullptr; }, 15s));
  const std::string draft = uploads.back().content;
  INFO(draft << scribe.logs());
  CHECK_THAT(draft,
             Catch::Contains(Clock::hhmm(clock.minus(34)) +
                             " — Deploy of v2.4.1 completed to production (by webhook: deploy)"));
  CHECK_THAT(draft, Catch::Contains("Detected at " + Clock::hhmm(clock.minus(2)) +
                                    " by Alertmanager: HighErrorRate"));
  CHECK_THAT(draft, Catch::Contains("Detection gap: 13 minutes (" + Clock::hhmm(clock.minus(15)) +
                                    "–" + Clock::hhmm(clock.minus(2)) + ")"));
  CHECK(count_of(draft,
                 "**Detected**: HighErrorRate firing: 5xx rate above 1/s on checkout-1:8080 "
                 "(by Alertmanager: HighErrorRate)") == 1);
  CHECK(count_of(draft,
                 "HighErrorRate firing: 5xx rate above 1/s on checkout-2:8080 "
                 "(by Alertmanager: HighErrorRate)") == 1);
  CHECK(count_of(draft, "forged") == 0);
  // The service reply listed what was pulled in.
  CHECK(answered(fake, "now on the timeline"));
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe run: a PagerDuty page and its acknowledgement set detected and acknowledged",
          "[integration][signals]") {
  FakeSlack fake;
  SignalsScribe scribe(fake);
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  const auto port = scribe.signals_port();
  const Clock clock;
  const std::string channel = declare_incident(fake, "Checkout down");
  fake.send_slash(channel, "U1", "dana", "service pig208");
  fake.send_slash(channel, "U1", "dana", "impact " + Clock::hhmm(clock.minus(15)) + " First 503s");
  REQUIRE(FakeSlack::eventually([&] { return answered(fake, "Impact started"); }, 10s));

  const auto signed_post = [&](const std::string& body) {
    return http_post(
        port, "/signals/pagerduty", body,
        {{"X-PagerDuty-Signature", "v1=" + net::hmac_sha256_hex(kPagerDutySecret, body)}});
  };
  const std::string triggered =
      replaced(sample("pagerduty-v3-incident-triggered.json"), "2021-06-04T13:35:29.781Z",
               core::format_iso8601(clock.minus(2)));
  const std::string acknowledged =
      replaced(sample("pagerduty-v3-incident-acknowledged.json"), "2021-06-04T13:55:30.394Z",
               core::format_iso8601(clock.minus(1)));
  REQUIRE(signed_post(triggered).status == 202);
  REQUIRE(signed_post(acknowledged).status == 202);
  // PagerDuty retries a delivery it did not see answered: applied once.
  CHECK(json_of(signed_post(acknowledged)).at("duplicates").as_int64() == 1);
  // Each routed signal is said in the incident channel.
  REQUIRE(FakeSlack::eventually(
      [&] {
        int seen = 0;
        for (const auto& p : fake.posted())
          if (p.channel == channel && p.text.find("PagerDuty: ") != std::string::npos) ++seen;
        return seen == 2;
      },
      10s));

  fake.send_slash(channel, "U1", "dana", "resolved");
  fake.send_slash(channel, "U1", "dana", "close");
  std::vector<SlackUpload> uploads;
  REQUIRE(FakeSlack::eventually([&] { return last_upload(fake, uploads) != nullptr; }, 15s));
  const std::string draft = uploads.back().content;
  INFO(draft << scribe.logs());
  CHECK_THAT(draft, Catch::Contains("Detected at " + Clock::hhmm(clock.minus(2)) +
                                    " by PagerDuty: Test Incident 3"));
  CHECK_THAT(draft, Catch::Contains("Detection gap: 13 minutes"));
  CHECK_THAT(
      draft,
      Catch::Contains("**Acknowledged**: PagerDuty #10 acknowledged: Test Incident (by PIG 208)"));
  CHECK(scribe.stop() == 0);
}

namespace {

// The value of one series in a /metrics page, 0 when it is not there yet.
double series(const std::string& page, const std::string& name) {
  const auto at = page.find("\n" + name + " ");
  return at == std::string::npos ? 0 : std::stod(page.substr(at + name.size() + 2));
}

std::string metrics_of(unsigned short port) {
  return "\n" + http_post(port, "/metrics", "", {}, "GET").body;
}

}  // namespace

TEST_CASE("scribe run: the real Alertmanager's notifications arrive, its re-sends add nothing",
          "[integration][signals][alertmanager]") {
  const std::string alertmanager = "/usr/bin/prometheus-alertmanager";
  if (!std::filesystem::exists(alertmanager))
    FAIL("Debian's prometheus-alertmanager is not installed (scripts/install-deps.sh installs it)");
  FakeSlack fake;
  const unsigned short signals_port = free_loopback_port();
  const unsigned short status_port = free_loopback_port();
  ScribeRun scribe("[http]\nlisten = \"127.0.0.1:" + std::to_string(status_port) + "\"\n" +
                   slack_config(fake) + "[signals]\nlisten = \"127.0.0.1:" +
                   std::to_string(signals_port) + "\"\ntoken = \"" + kToken + "\"\n");
  scribe.start();
  REQUIRE(scribe.logged("signals on http://127.0.0.1:" + std::to_string(signals_port)));
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));

  // Alertmanager as a team would run it, with short intervals so that a
  // repeat send comes within seconds.
  const unsigned short am_port = free_loopback_port();
  write_file(scribe.dir / "alertmanager.yml",
             "route:\n  receiver: scribe\n  group_by: [alertname, service]\n"
             "  group_wait: 1s\n  group_interval: 2s\n  repeat_interval: 3s\n"
             "receivers:\n  - name: scribe\n    webhook_configs:\n"
             "      - url: http://127.0.0.1:" +
                 std::to_string(signals_port) +
                 "/signals/alertmanager\n"
                 "        send_resolved: true\n        http_config:\n"
                 "          authorization: {type: Bearer, credentials: " +
                 kToken + "}\n");
  std::filesystem::create_directories(scribe.dir / "am-data");
  BackgroundProcess am({alertmanager, "--config.file=" + (scribe.dir / "alertmanager.yml").string(),
                        "--storage.path=" + (scribe.dir / "am-data").string(),
                        "--web.listen-address=127.0.0.1:" + std::to_string(am_port),
                        "--cluster.listen-address=", "--log.level=warn"});
  REQUIRE(FakeSlack::eventually(
      [&] {
        try {
          return http_post(am_port, "/-/ready", "", {}, "GET").status == 200;
        } catch (const std::exception&) {
          return false;
        }
      },
      15s));

  // What Prometheus posts: the firing time, and an end it keeps pushing ahead.
  const Clock clock;
  const std::string alert =
      R"([{"labels": {"alertname": "HighErrorRate", "service": "checkout", "severity": "critical"},
          "annotations": {"summary": "5xx rate above 1/s on checkout"},
          "startsAt": ")" +
      core::format_iso8601(clock.minus(2)) + R"(", "endsAt": ")" +
      core::format_iso8601(clock.declared + std::chrono::minutes(10)) + R"("}])";
  REQUIRE(http_post(am_port, "/api/v2/alerts", alert).status == 200);

  // The first notification, then at least one repeat of the same group.
  const std::string accepted = R"(scribe_signals_accepted_total{source="alertmanager"})";
  const std::string duplicates = R"(scribe_signals_duplicates_total{source="alertmanager"})";
  std::string page;
  const bool resent = FakeSlack::eventually(
      [&] {
        page = metrics_of(status_port);
        return series(page, duplicates) >= 1;
      },
      30s);
  INFO(page << am.err() << scribe.logs());
  REQUIRE(resent);
  CHECK(series(page, accepted) == 1);
  CHECK(series(page, R"(scribe_signals_refused_total{reason="unauthorized"})") == 0);

  const std::string channel = declare_incident(fake, "Checkout errors");
  fake.send_slash(channel, "U1", "dana", "service checkout");
  REQUIRE(FakeSlack::eventually([&] { return answered(fake, "now on the timeline"); }, 10s));
  REQUIRE(scribe.stop() == 0);
  const std::string draft = scribe.draft(1);
  INFO(draft);
  CHECK(count_of(draft, "HighErrorRate firing: 5xx rate above 1/s on checkout (by Alertmanager") ==
        1);
  CHECK_THAT(draft, Catch::Contains("Detected at " + Clock::hhmm(clock.minus(2)) +
                                    " by Alertmanager: HighErrorRate"));
}

TEST_CASE(
    "scribe run: killed with -9 while a webhook is in flight, the sender's retry applies it once",
    "[integration][signals][crash]") {
  FakeSlack fake;
  const unsigned short port = free_loopback_port();
  ScribeRun scribe("[http]\nlisten = \"\"\n" + slack_config(fake) +
                   "[signals]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\ntoken = \"" +
                   kToken + "\"\n");
  const Headers bearer{{"Authorization", std::string("Bearer ") + kToken}};
  const auto body = [](int i) {
    return R"({"id": "crash-)" + std::to_string(i) +
           R"(", "kind": "deploy", "service": "checkout", "text": "crash deploy number )" +
           std::to_string(i) + R"( done"})";
  };
  // Killed at a different moment each round: before the request is read,
  // while it commits, after the commit but before the answer.
  for (int i = 0; i < 6; ++i) {
    scribe.start();
    REQUIRE(scribe.logged("signals on http://127.0.0.1:" + std::to_string(port)));
    std::thread sender([&] {
      try {
        http_post(port, "/signals/generic", body(i), bearer);
      } catch (const std::exception&) {
        // The connection died with the process: the sender will retry.
      }
    });
    std::this_thread::sleep_for(std::chrono::microseconds(400 * i));
    scribe.process->kill(SIGKILL);
    sender.join();
    REQUIRE(scribe.process->wait(5s) == -SIGKILL);
  }
  scribe.start();
  REQUIRE(scribe.logged("signals on http://127.0.0.1:" + std::to_string(port)));
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() >= 1; }, 10s));
  for (int i = 0; i < 6; ++i) {
    const auto retry = http_post(port, "/signals/generic", body(i), bearer);
    REQUIRE(retry.status == 202);
    const auto answer = json_of(retry);
    CHECK(answer.at("accepted").as_int64() + answer.at("duplicates").as_int64() == 1);
  }
  const std::string channel = declare_incident(fake, "After the crashes");
  fake.send_slash(channel, "U1", "dana", "service checkout");
  REQUIRE(FakeSlack::eventually([&] { return answered(fake, "now on the timeline"); }, 10s));
  REQUIRE(scribe.stop() == 0);
  const std::string draft = scribe.draft(1);
  for (int i = 0; i < 6; ++i) {
    INFO(i << "\n" << draft);
    CHECK(count_of(draft, "crash deploy number " + std::to_string(i) + " done") == 1);
  }
}

TEST_CASE("scribe run: a critical alert declares an incident in its own channel, announced on-call",
          "[integration][signals]") {
  FakeSlack fake;
  ScribeRun scribe("[http]\nlisten = \"\"\n" + slack_config(fake) +
                   "[signals]\nlisten = \"127.0.0.1:0\"\ntoken = \"" + kToken +
                   "\"\nauto_declare = [\"severity=critical\"]\nauto_declare_channel = \"CGEN\"\n");
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  REQUIRE(scribe.logged("signals on http://127.0.0.1:"));
  std::smatch m;
  const std::string logs = scribe.logs();
  REQUIRE(std::regex_search(logs, m, std::regex(R"(signals on http://127\.0\.0\.1:(\d+)/)")));
  const auto port = static_cast<unsigned short>(std::stoi(m[1]));
  const auto a =
      http_post(port, "/signals/alertmanager", sample("alertmanager-webhook-firing.json"),
                {{"Authorization", std::string("Bearer ") + kToken}});
  REQUIRE(a.status == 202);

  std::string channel;
  REQUIRE(FakeSlack::eventually(
      [&] {
        for (const auto& [name, id] : fake.created_channels())
          if (name.find("higherrorrate") != std::string::npos) channel = id;
        return !channel.empty();
      },
      10s));
  REQUIRE(FakeSlack::eventually(
      [&] {
        for (const auto& p : fake.posted())
          if (p.channel == "CGEN" &&
              p.text.find("declared by Alertmanager: HighErrorRate") != std::string::npos)
            return true;
        return false;
      },
      10s));
  // The group's second alert joined it instead of declaring another.
  CHECK(fake.created_channels().size() == 1);
  fake.send_slash(channel, "U1", "dana", "lead @U1");
  fake.send_slash(channel, "U1", "dana", "close");
  REQUIRE(scribe.stop() == 0);
  const std::string draft = scribe.draft(1);
  INFO(draft);
  CHECK_THAT(draft,
             Catch::Contains("# INC-1: HighErrorRate: 5xx rate above 1/s on checkout-1:8080"));
  CHECK_THAT(draft, Catch::Contains("- Severity: P1"));
  CHECK_THAT(draft, Catch::Contains("Detected at 06:58 by Alertmanager: HighErrorRate"));
}
