// The real `scribe run` against the fake Slack: the must-show behaviours of
// the Slack adapter, seen from outside the process.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <thread>

#include "tests/support/background_process.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/process.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/slack_seed.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe::test;
using namespace std::chrono_literals;

namespace {

const std::string kExample = std::string(SCRIBE_SHARED_DIR) + "/examples/db-pool-exhaustion.txt";

// A data directory, a config pointing `scribe run` at the fake, and the process.
struct ScribeRun {
  TempDir dir;
  std::string config;
  std::unique_ptr<BackgroundProcess> process;

  explicit ScribeRun(const FakeSlack& fake, const std::string& ca_file = "") {
    config = (dir / "scribe.toml").string();
    std::string text = "timezone = \"UTC\"\ndata_dir = \"" + (dir / "data").string() +
                       "\"\n[http]\nlisten = \"\"\n[slack]\nenabled = true\napp_token = \"" +
                       fake.options().app_token + "\"\nbot_token = \"" + fake.options().bot_token +
                       "\"\napi_url = \"" + fake.api_url() + "\"\n";
    if (!ca_file.empty()) text += "[tls]\nca_file = \"" + ca_file + "\"\n";
    write_file(config, text);
  }

  void start() {
    process = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{SCRIBE_BINARY, "run", "--config", config}, dir.path());
  }
  // SIGTERM, and the exit code.
  std::optional<int> stop() {
    process->kill(SIGTERM);
    return process->wait(10s);
  }
  std::string logs() const { return process ? process->out() + process->err() : ""; }

  // The incident's draft (with its transcript appendix) written by `scribe draft`.
  std::string draft(int incident) {
    const auto out = (dir / "draft.md").string();
    auto r = run_process(
        {SCRIBE_BINARY, "draft", std::to_string(incident), "--out", out, "--config", config}, "",
        dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return read_file(out);
  }
};

std::string now_ts(int sequence) {
  return slack_payloads::make_ts(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count(),
                                 sequence);
}

// Declares an incident from CGEN and returns its channel id.
std::string declare(FakeSlack& fake, const std::string& title) {
  fake.send_slash("CGEN", "U1", "dana", "start " + title + " sev:P2");
  std::string id;
  REQUIRE(FakeSlack::eventually(
      [&] {
        auto created = fake.created_channels();
        if (!created.empty()) id = created.begin()->second;
        return !id.empty();
      },
      10s));
  REQUIRE(FakeSlack::eventually([&] { return fake.invited_to(id); }, 10s));
  return id;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("scribe run: the seed incident typed live gives the known figures in the uploaded draft",
          "[integration][slack]") {
  FakeSlack fake;
  ScribeRun scribe(fake);
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  const SeedResult seed = type_seed_incident(fake, kExample);
  REQUIRE(FakeSlack::eventually(
      [&] {
        auto u = fake.uploads();
        return !u.empty() && u.back().completed;
      },
      15s));
  const SlackUpload upload = fake.uploads().back();
  INFO(upload.content << scribe.logs());
  CHECK(upload.channel_id == seed.channel);
  CHECK_THAT(upload.content, Catch::Contains("Total customer impact: 40 minutes"));
  CHECK_THAT(upload.content, Catch::Contains("Detection gap: 13 minutes"));
  CHECK_THAT(upload.content, Catch::Contains("Duration: 00:27"));
  CHECK_THAT(upload.content, Catch::Contains("connections are never returned to the pool"));
  CHECK(fake.pending() == 0);
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe run: kill -9 during a burst of 200 messages, restart, each message exactly once",
          "[integration][slack][crash]") {
  FakeSlack fake;
  ScribeRun scribe(fake);
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  const std::string channel = declare(fake, "Burst test");
  std::vector<std::string> envelopes;
  for (int i = 0; i < 200; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "burst <%03d> end", i);
    envelopes.push_back(fake.send_message(channel, "U2", text, now_ts(i)));
    if (i == 120) {
      FakeSlack::eventually([&] { return fake.acks().size() >= 60; }, 5s);
      scribe.process->kill(SIGKILL);
    }
  }
  REQUIRE(scribe.process->wait(5s) == -SIGKILL);
  const std::size_t acked_before = fake.acks().size();
  INFO("acked before the kill: " << acked_before);

  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.pending() == 0; }, 20s));
  REQUIRE(scribe.stop() == 0);
  const std::string draft = scribe.draft(1);
  for (int i = 0; i < 200; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "burst <%03d> end", i);
    INFO(text);
    CHECK(count(draft, text) == 1);
  }
}

TEST_CASE("scribe run: a redelivered envelope (same event_id, retry_attempt 1) is applied once",
          "[integration][slack]") {
  FakeSlack fake;
  ScribeRun scribe(fake);
  scribe.start();
  const std::string channel = declare(fake, "Redelivery");
  const std::string first = fake.send_message(channel, "U2", "said exactly once", now_ts(1));
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(first) == 1; }, 10s));
  const std::string again = fake.resend_event(first);
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(again) == 1; }, 10s));
  REQUIRE(scribe.stop() == 0);
  CHECK(count(scribe.draft(1), "said exactly once") == 1);
}

TEST_CASE("scribe run: after a disconnect and after an abrupt drop it reconnects with a fresh URL",
          "[integration][slack]") {
  FakeSlack fake;
  ScribeRun scribe(fake);
  scribe.start();
  const std::string channel = declare(fake, "Reconnects");
  fake.send_disconnect("refresh_requested");
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 2; }, 10s));
  const std::string after_disconnect =
      fake.send_message(channel, "U2", "after disconnect", now_ts(1));
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(after_disconnect) == 1; }, 10s));
  fake.drop_connections();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 3; }, 10s));
  const std::string after_drop = fake.send_message(channel, "U2", "after drop", now_ts(2));
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(after_drop) == 1; }, 10s));
  CHECK(fake.urls_issued() == 3);
  CHECK(fake.stale_ticket_attempts() == 0);
  REQUIRE(scribe.stop() == 0);
  const std::string draft = scribe.draft(1);
  CHECK(count(draft, "after disconnect") == 1);
  CHECK(count(draft, "after drop") == 1);
}

TEST_CASE("scribe run: two 429s on chat.postMessage delay the message, which arrives once",
          "[integration][slack]") {
  FakeSlack fake;
  fake.rate_limit("chat.postMessage", 2, 1);
  ScribeRun scribe(fake);
  scribe.start();
  const std::string channel = declare(fake, "Rate limits");
  auto announced = [&] {
    int n = 0;
    for (const auto& p : fake.posted()) n += p.channel == channel;
    return n;
  };
  REQUIRE(FakeSlack::eventually([&] { return announced() == 1; }, 10s));
  const auto calls = fake.calls("chat.postMessage");
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].status == 429);
  CHECK(calls[1].status == 429);
  CHECK(calls[2].at - calls[0].at >= 1900ms);
  std::this_thread::sleep_for(300ms);
  CHECK(announced() == 1);
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe run: TLS to a server whose certificate names another host is refused",
          "[integration][slack][tls]") {
  FakeSlackOptions options;
  options.tls = test_pki().wrong_host;
  FakeSlack fake(options);
  ScribeRun scribe(fake, test_pki().ca_cert_file.string());
  scribe.start();
  const auto code = scribe.process->wait(15s);
  INFO(scribe.logs());
  REQUIRE(code);
  CHECK(*code == 1);
  CHECK_THAT(scribe.logs(), Catch::Contains("TLS") && Catch::Contains("refused"));
  CHECK(fake.calls().empty());
}
