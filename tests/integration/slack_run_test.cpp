// The real `scribe run` against the fake Slack: the must-show behaviours of
// the Slack adapter, seen from outside the process.
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <thread>

#include "tests/support/background_process.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/process.hpp"
#include "tests/support/scribe_run.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/slack_seed.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe::test;
using namespace std::chrono_literals;

namespace {

const std::string kExample = std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt";

// `scribe run` pointed at the fake (over TLS when `ca_file` is given).
struct SlackScribe : ScribeRun {
  explicit SlackScribe(const FakeSlack& fake, const std::string& ca_file = "")
      : ScribeRun("[http]\nlisten = \"\"\n" + slack_config(fake) +
                  (ca_file.empty() ? "" : "[tls]\nca_file = \"" + ca_file + "\"\n")) {}
};

}  // namespace

TEST_CASE("scribe run: the seed incident typed live gives the known figures in the uploaded draft",
          "[integration][slack]") {
  FakeSlack fake;
  SlackScribe scribe(fake);
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
  CHECK(FakeSlack::eventually([&] { return fake.pending() == 0; }, 5s));
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe run: kill -9 during a burst of 200 messages, restart, each message exactly once",
          "[integration][slack][crash]") {
  FakeSlack fake;
  SlackScribe scribe(fake);
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  const std::string channel = declare_incident(fake, "Burst test");
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
    CHECK(count_of(draft, text) == 1);
  }
}

TEST_CASE("scribe run: a redelivered envelope (same event_id, retry_attempt 1) is applied once",
          "[integration][slack]") {
  FakeSlack fake;
  SlackScribe scribe(fake);
  scribe.start();
  const std::string channel = declare_incident(fake, "Redelivery");
  const std::string first = fake.send_message(channel, "U2", "said exactly once", now_ts(1));
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(first) == 1; }, 10s));
  const std::string again = fake.resend_event(first);
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(again) == 1; }, 10s));
  REQUIRE(scribe.stop() == 0);
  CHECK(count_of(scribe.draft(1), "said exactly once") == 1);
}

TEST_CASE("scribe run: after a disconnect and after an abrupt drop it reconnects with a fresh URL",
          "[integration][slack]") {
  FakeSlack fake;
  SlackScribe scribe(fake);
  scribe.start();
  const std::string channel = declare_incident(fake, "Reconnects");
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
  CHECK(count_of(draft, "after disconnect") == 1);
  CHECK(count_of(draft, "after drop") == 1);
}

TEST_CASE("scribe run: two 429s on chat.postMessage delay the message, which arrives once",
          "[integration][slack]") {
  FakeSlack fake;
  fake.rate_limit("chat.postMessage", 2, 1);
  SlackScribe scribe(fake);
  scribe.start();
  const std::string channel = declare_incident(fake, "Rate limits");
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
  // A later message's answer in the same channel is the marker: a second copy
  // of the announcement would have gone out before it.
  fake.send_message(channel, "U1", "/incident note marker", "1773326900.000100");
  REQUIRE(FakeSlack::eventually([&] { return announced() >= 2; }, 10s));
  CHECK(announced() == 2);
  CHECK(fake.posted().back().text.find("marker") != std::string::npos);
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe run: TLS to a server whose certificate names another host is refused",
          "[integration][slack][tls]") {
  FakeSlackOptions options;
  options.tls = test_pki().wrong_host;
  FakeSlack fake(options);
  SlackScribe scribe(fake, test_pki().ca_cert_file.string());
  scribe.start();
  const auto code = scribe.process->wait(15s);
  INFO(scribe.logs());
  REQUIRE(code);
  CHECK(*code == 1);
  CHECK_THAT(scribe.logs(), Catch::Contains("TLS") && Catch::Contains("refused"));
  CHECK(fake.calls().empty());
}

TEST_CASE("scribe run: SIGTERM with a post held by a long rate limit exits 0 within 5 s",
          "[integration][slack]") {
  FakeSlack fake;
  SlackScribe scribe(fake);
  scribe.start();
  fake.rate_limit("chat.postMessage", 100, 60);
  const std::string channel = declare_incident(fake, "Held back");
  REQUIRE(FakeSlack::eventually([&] { return !fake.calls("chat.postMessage").empty(); }, 10s));
  const auto ending = scribe.terminate(5s);
  INFO(scribe.logs());
  CHECK(ending.code == 0);
  CHECK(ending.took < 5s);
  // The post is given up, and says so; the incident itself was stored.
  CHECK_THAT(scribe.logs(), Catch::Contains("1 outbound messages unsent"));
  CHECK(fake.pending() == 0);
  CHECK_THAT(scribe.draft(1), Catch::Contains("Held back"));
}

TEST_CASE("scribe run: a declaration acked just before kill -9 still gets its channel on restart",
          "[integration][slack][crash]") {
  FakeSlack fake;
  SlackScribe scribe(fake);
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  // Slack cannot make channels right now: the declaration is stored and
  // acked, its channel keeps being retried, and then the process dies.
  fake.fail_method("conversations.create", "internal_error");
  fake.send_slash("CGEN", "U1", "dana", "start Payments down sev:P1");
  REQUIRE(FakeSlack::eventually(
      [&] { return fake.pending() == 0 && !fake.calls("conversations.create").empty(); }, 10s));
  scribe.process->kill(SIGKILL);
  REQUIRE(scribe.process->wait(5s) == -SIGKILL);
  REQUIRE(fake.created_channels().empty());

  fake.fail_method("conversations.create", "internal_error", 0);
  scribe.start();
  std::string channel;
  REQUIRE(FakeSlack::eventually(
      [&] {
        for (const auto& [name, id] : fake.created_channels())
          if (name.ends_with("-payments-down")) channel = id;
        return !channel.empty() && fake.invited_to(channel);
      },
      10s));
  auto announced = [&] {
    for (const auto& p : fake.posted())
      if (p.channel == channel && p.text.find("INC-1 declared: Payments down") != std::string::npos)
        return true;
    return false;
  };
  REQUIRE(FakeSlack::eventually(announced, 10s));
  CHECK_THAT(scribe.logs(), Catch::Contains("INC-1 has no channel yet"));
  // The channel is the incident's: what is said there is recorded.
  const std::string said = fake.send_message(channel, "U2", "rolled back the deploy", now_ts(1));
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(said) == 1; }, 10s));
  REQUIRE(scribe.stop() == 0);
  CHECK(count_of(scribe.draft(1), "rolled back the deploy") >= 1);
}
