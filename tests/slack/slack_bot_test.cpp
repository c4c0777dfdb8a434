// The Slack bot in-process against the fake Slack: commands, channels, acks
// after commits, redeliveries, rate limits, uploads and DMs.
#include "adapters/slack/slack_bot.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "bot/core/time.hpp"
#include "tests/slack/bot_harness.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using test::BotHarness;
using test::FakeSlack;

namespace {

std::string today_channel(const std::string& slug) {
  return "inc-" +
         core::compact_date(std::chrono::floor<core::Millis>(std::chrono::system_clock::now()),
                            "UTC") +
         "-" + slug;
}

std::string now_ts(int sequence) {
  return test::slack_payloads::make_ts(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count(),
                                       sequence);
}

// Declares an incident with /incident start and returns its channel id.
std::string declare(FakeSlack& fake, const std::string& title, const std::string& slug) {
  const std::string env = fake.send_slash("CGEN", "U1", "dana", "start " + title + " sev:P1");
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(env) == 1; }));
  std::string id;
  REQUIRE(FakeSlack::eventually([&] {
    auto created = fake.created_channels();
    auto it = created.find(today_channel(slug));
    if (it != created.end()) id = it->second;
    return !id.empty();
  }));
  REQUIRE(FakeSlack::eventually([&] { return fake.invited_to(id); }, std::chrono::seconds(8)));
  return id;
}

bool posted_in(const FakeSlack& fake, const std::string& channel, const std::string& text) {
  for (const auto& p : fake.posted())
    if (p.channel == channel && p.text.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("/incident start opens a channel, invites the declarer and announces there",
          "[slack][bot]") {
  FakeSlack fake;
  fake.add_user("U1", "dana", "UTC");
  BotHarness h(fake);
  h.start();
  REQUIRE(FakeSlack::eventually([&] { return h.bot().connected(); }));
  const std::string env = fake.send_slash("CGEN", "U1", "dana", "start API returning 503s sev:P1");
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(env) == 1; }));
  const auto acks = fake.acks();
  CHECK_THAT(acks.back().payload_text, Catch::Contains("INC-1 declared: API returning 503s"));
  CHECK(acks.back().response_type == "in_channel");

  const std::string channel = today_channel("api-returning-503s");
  REQUIRE(FakeSlack::eventually([&] { return fake.created_channels().contains(channel); }));
  const std::string id = fake.created_channels().at(channel);
  REQUIRE(FakeSlack::eventually([&] { return posted_in(fake, id, "INC-1 declared"); }));
  const auto invites = fake.calls("conversations.invite");
  REQUIRE(invites.size() == 1);
  CHECK(invites[0].args.at("channel") == id);
  CHECK(invites[0].args.at("users") == "U1");
  CHECK(h.incident(1)->channel == id);  // bound in the engine

  // Tokens and encodings as Slack wants them.
  for (const auto& c : fake.calls()) {
    INFO(c.method);
    CHECK(c.error.empty());
    const auto& token =
        c.method == "apps.connections.open" ? fake.options().app_token : fake.options().bot_token;
    CHECK(c.authorization == "Bearer " + token);
    if (c.method.starts_with("chat.") || c.method.starts_with("conversations."))
      CHECK(c.content_type == "application/json; charset=utf-8");
  }

  SECTION("a message in the new channel is recorded with Slack's ts") {
    const std::string ts = now_ts(1);
    const std::string m = fake.send_message(id, "U2", "pool metrics flat at max", ts);
    REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(m) == 1; }));
    const auto lines = h.transcript(1);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].message_id == ts);
    CHECK(core::to_epoch_ms(lines[0].at) ==
          std::stoll(ts.substr(0, 10)) * 1000 + std::stoll(ts.substr(11, 3)));
  }
}

TEST_CASE("a taken channel name is retried as -2", "[slack][bot]") {
  FakeSlack fake;
  fake.take_channel_name(today_channel("search-slow"));
  BotHarness h(fake);
  h.start();
  fake.send_slash("CGEN", "U1", "dana", "start Search slow");
  REQUIRE(FakeSlack::eventually(
      [&] { return fake.created_channels().contains(today_channel("search-slow") + "-2"); }));
  CHECK(fake.calls("conversations.create").size() == 2);
}

TEST_CASE("a redelivered event (same event_id, retry_attempt 1) is applied once",
          "[slack][bot][redelivery]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  const std::string channel = declare(fake, "Login errors", "login-errors");
  const std::string first = fake.send_message(channel, "U2", "sessions are full", now_ts(1));
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(first) == 1; }));
  const std::string again = fake.resend_event(first);
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(again) == 1; }));
  CHECK(h.transcript(1).size() == 1);
  CHECK(h.stats().duplicates == 1);
}

TEST_CASE("429s on chat.postMessage delay the message, which then arrives exactly once",
          "[slack][bot][ratelimit]") {
  FakeSlack fake;
  fake.rate_limit("chat.postMessage", 2, 1);
  net::ManualClock clock;  // the Retry-After waits end when the test moves time
  BotHarness h(fake, test::quick_settings(fake), ":memory:", std::nullopt, clock);
  h.start();
  const std::string channel = declare(fake, "Queue backlog", "queue-backlog");
  for (std::size_t limited = 1; limited <= 2; ++limited) {
    REQUIRE(FakeSlack::eventually([&] {
      const auto next = clock.next_deadline();
      return fake.calls("chat.postMessage").size() == limited && next &&
             *next - clock.now() == std::chrono::seconds(1);  // Retry-After: 1, honoured
    }));
    CHECK_FALSE(posted_in(fake, channel, "INC-1 declared"));
    clock.advance(std::chrono::seconds(1));
  }
  REQUIRE(FakeSlack::eventually([&] { return posted_in(fake, channel, "INC-1 declared"); }));
  const auto calls = fake.calls("chat.postMessage");
  REQUIRE(calls.size() == 3);
  CHECK(calls[0].status == 429);
  CHECK(calls[1].status == 429);
  CHECK(calls[2].status == 200);
  int copies = 0;
  for (const auto& p : fake.posted()) copies += p.channel == channel;
  CHECK(copies == 1);
  CHECK(h.stats().rate_limit_waits == 2);
}

TEST_CASE("closing an incident uploads the draft with the new upload flow",
          "[slack][bot][upload]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  const std::string channel = declare(fake, "Cache stampede", "cache-stampede");
  fake.send_slash(channel, "U1", "dana", "resolved");
  const std::string env = fake.send_slash(channel, "U1", "dana", "close");
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(env) == 1; }));
  REQUIRE(FakeSlack::eventually([&] {
    auto u = fake.uploads();
    return !u.empty() && u[0].completed;
  }));
  const auto upload = fake.uploads()[0];
  CHECK(upload.channel_id == channel);
  CHECK(upload.filename == "INC-1-postmortem-v1.md");
  CHECK(upload.content.size() == upload.declared_length);
  CHECK_THAT(upload.content, Catch::Contains("Cache stampede"));
  CHECK_FALSE(upload.initial_comment.empty());
  for (const auto& c : fake.calls())
    if (c.method.starts_with("files."))
      CHECK(c.content_type == "application/x-www-form-urlencoded");
  REQUIRE(h.drafts().size() == 1);  // and the app got it to write under data_dir
  CHECK(h.drafts()[0].markdown == upload.content);
}

TEST_CASE("deliver() sends effects made outside an event, e.g. a reminder DM", "[slack][bot][dm]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  REQUIRE(FakeSlack::eventually([&] { return h.bot().connected(); }));
  h.on_io([&] {
    h.bot().deliver({core::DirectMessage{"U7", "A-3 is overdue @U0000007"}});
    return 0;
  });
  REQUIRE(FakeSlack::eventually([&] { return posted_in(fake, "DU7", "A-3 is overdue"); }));
  CHECK(fake.calls("conversations.open").at(0).args.at("users") == "U7");
  CHECK(posted_in(fake, "DU7", "<@U0000007>"));
}

TEST_CASE("a speaker's Slack time zone reads their typed times, names come from users.info",
          "[slack][bot][timezone]") {
  FakeSlack fake;
  fake.add_user("U1", "Dana Scully", "Asia/Kolkata");
  BotHarness h(fake);
  h.start();
  const std::string channel = declare(fake, "Disk full", "disk-full");
  // 20 minutes ago, written as Kolkata wall-clock time.
  const auto when = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) -
                    std::chrono::minutes(20);
  const std::string local = core::format_date(core::local_date(when, "Asia/Kolkata")) + " " +
                            core::format_clock(when, "Asia/Kolkata");
  const std::string env =
      fake.send_slash(channel, "U1", "dana", "impact " + local + " disk at 100%");
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(env) == 1; }));
  const auto entries = h.on_io([&] { return h.store().timeline().list(1); });
  bool found = false;
  for (const auto& e : entries)
    if (e.milestone == core::Milestone::impact) {
      found = true;
      CHECK(e.at == std::chrono::time_point_cast<core::Millis>(when));
    }
  CHECK(found);
  const auto lines = h.transcript(1);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back().author_name == "Dana Scully");
  CHECK(fake.calls("users.info").size() == 1);  // cached after the first lookup
}

TEST_CASE("stop() closes the socket cleanly and returns", "[slack][bot]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  REQUIRE(FakeSlack::eventually([&] { return h.bot().connected(); }));
  h.stop();
  CHECK(h.finished());
  CHECK_FALSE(h.error());
  REQUIRE(FakeSlack::eventually([&] {
    auto log = fake.connection_log();
    return !log.empty() && !log[0].open;
  }));
}
