// Socket Mode as Slack runs it: disconnect messages, drops, silence, bad
// frames, refused credentials and certificates, and acks that follow commits.
#include <catch2/catch.hpp>
#include <condition_variable>
#include <thread>

#include "tests/slack/bot_harness.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using test::BotHarness;
using test::FakeSlack;

namespace {

int sequence = 0;

std::string now_ts() {
  return test::slack_payloads::make_ts(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count(),
                                       ++sequence);
}

// An incident bound to channel CINC, so messages there are kept.
void open_incident(BotHarness& h) {
  h.on_io([&] {
    core::Inbound start;
    start.platform = "slack";
    start.event_id = "setup";
    start.channel = "CGEN";
    start.author = "U1";
    start.at = std::chrono::floor<core::Millis>(std::chrono::system_clock::now());
    start.text = "start Socket test";
    start.slash_command = true;
    h.engine().handle(start);
    h.engine().bind_channel(1, "CINC");
    return 0;
  });
}

// Sends a message and waits until it is acked.
void say_and_wait(FakeSlack& fake, const std::string& text) {
  const std::string env = fake.send_message("CINC", "U2", text, now_ts());
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(env) >= 1; }));
}

std::vector<std::string> texts(BotHarness& h) {
  std::vector<std::string> out;
  for (const auto& l : h.transcript(1)) out.push_back(l.text);
  return out;
}

}  // namespace

TEST_CASE("disconnect refresh_requested: the new socket is up before the old one closes",
          "[slack][socket]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  open_incident(h);
  say_and_wait(fake, "before");
  fake.send_disconnect("refresh_requested");
  REQUIRE(FakeSlack::eventually([&] {
    auto log = fake.connection_log();
    return log.size() == 2 && !log[0].open;
  }));
  const auto log = fake.connection_log();
  CHECK(log[1].opened < log[0].closed);  // overlap: connect first, then drop the old one
  CHECK(fake.urls_issued() == 2);        // a fresh URL for the new connection
  CHECK(fake.stale_ticket_attempts() == 0);
  say_and_wait(fake, "after");
  CHECK(texts(h) == std::vector<std::string>{"before", "after"});
  CHECK(h.stats().reconnects == 1);
}

TEST_CASE("disconnect too_many_websockets: the old socket closes before the next one opens",
          "[slack][socket]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  open_incident(h);
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }));
  fake.send_disconnect("too_many_websockets");
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 2; }));
  const auto log = fake.connection_log();
  CHECK(log[0].closed <= log[1].opened);
  say_and_wait(fake, "still here");
  CHECK(texts(h) == std::vector<std::string>{"still here"});
}

TEST_CASE("an abrupt drop: reconnect with a fresh URL, unacked envelopes come again, once",
          "[slack][socket]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  open_incident(h);
  say_and_wait(fake, "one");
  fake.drop_connections();
  // Sent while the bot has no connection: delivered on the next one.
  const std::string during = fake.send_message("CINC", "U2", "two", now_ts());
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(during) == 1; }));
  CHECK(fake.urls_issued() == 2);
  CHECK(fake.stale_ticket_attempts() == 0);
  say_and_wait(fake, "three");
  CHECK(texts(h) == std::vector<std::string>{"one", "two", "three"});
}

TEST_CASE("a silent connection is given up after the idle timeout and replaced",
          "[slack][socket]") {
  FakeSlack fake;
  auto settings = test::quick_settings(fake);
  settings.session.idle_timeout = std::chrono::milliseconds(600);
  BotHarness h(fake, settings);
  h.start();
  open_incident(h);
  say_and_wait(fake, "before silence");
  fake.go_silent();
  const std::string held = fake.send_message("CINC", "U2", "said into the silence", now_ts());
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 2; }, std::chrono::seconds(4)));
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(held) == 1; }));
  CHECK(texts(h) == std::vector<std::string>{"before silence", "said into the silence"});
}

TEST_CASE("the reconnect loop backs off with growing, jittered waits", "[slack][socket]") {
  FakeSlack fake;
  fake.fail_method("apps.connections.open", "internal_error", 4);
  auto settings = test::quick_settings(fake);
  settings.session.backoff = {std::chrono::milliseconds(40), std::chrono::milliseconds(2000), 2.0,
                              0.5, 42};
  net::ManualClock clock;  // each wait is read off the clock, then the test ends it
  BotHarness h(fake, settings, ":memory:", std::nullopt, clock);
  h.start();
  std::vector<long> gaps;
  for (std::size_t failed = 1; failed <= 4; ++failed) {
    std::optional<net::TimePoint> next;
    REQUIRE(FakeSlack::eventually([&] {
      next = clock.next_deadline();
      return fake.calls("apps.connections.open").size() == failed && next;
    }));
    const auto wait = *next - clock.now();
    gaps.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
    CHECK(fake.calls("apps.connections.open").size() == failed);  // nothing before the wait ends
    clock.advance(wait);
  }
  REQUIRE(FakeSlack::eventually([&] { return h.bot().connected(); }));
  REQUIRE(fake.calls("apps.connections.open").size() == 5);
  INFO(gaps[0] << " " << gaps[1] << " " << gaps[2] << " " << gaps[3]);
  CHECK(gaps[0] >= 20);   // [20, 40] ms
  CHECK(gaps[0] <= 40);
  CHECK(gaps[3] >= 160);  // [160, 320] ms: it grows
  CHECK(gaps[3] <= 320);
  CHECK(gaps[3] > gaps[0]);
}

TEST_CASE("garbage, unknown and huge frames are skipped, unusable envelopes still acked",
          "[slack][socket]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  open_incident(h);
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }));
  fake.send_raw("this is not json");
  fake.send_raw(R"({"envelope_id":"cut-1","type":"events_api","payload":{"ev)");
  fake.send_raw(R"({"type":"something_new","x":1})");
  fake.send_raw(R"({"envelope_id":"huge-1","type":"events_api","payload":{"pad":")" +
                std::string(3 * 1024 * 1024, 'x') + "\"}}");
  fake.send_envelope(R"({"envelope_id":"odd-1","type":"interactive","payload":{}})");
  say_and_wait(fake, "still listening");
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count("cut-1") == 1; }));
  CHECK(fake.ack_count("huge-1") == 1);
  CHECK(fake.ack_count("odd-1") == 1);
  CHECK(texts(h) == std::vector<std::string>{"still listening"});
  CHECK(fake.connections() == 1);  // none of it cost the connection
  CHECK(h.stats().malformed >= 2);
}

// The default bound (SessionOptions::max_message_size, 16 MiB) is what stands
// between a hostile or broken peer and the bot's memory: the frame is refused
// while it is read, the connection given up and replaced, nothing else lost.
TEST_CASE("a frame over the 16 MiB bound costs the connection, not the process",
          "[slack][socket]") {
  FakeSlack fake;
  BotHarness h(fake);
  h.start();
  open_incident(h);
  say_and_wait(fake, "before the flood");
  fake.send_raw(R"({"envelope_id":"flood-1","type":"events_api","payload":{"pad":")" +
                std::string(17 * 1024 * 1024, 'x') + "\"}}");
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 2; }, std::chrono::seconds(10)));
  CHECK(fake.urls_issued() == 2);
  CHECK(fake.ack_count("flood-1") == 0);  // never read whole, so never acked
  say_and_wait(fake, "after the flood");
  CHECK(texts(h) == std::vector<std::string>{"before the flood", "after the flood"});
}

TEST_CASE("refused tokens stop the bot with a clear message instead of looping",
          "[slack][socket][auth]") {
  SECTION("bot token: auth.test invalid_auth") {
    FakeSlack fake;
    fake.fail_method("auth.test", "invalid_auth");
    BotHarness h(fake);
    h.start();
    REQUIRE(h.wait_finished(std::chrono::seconds(5)));
    REQUIRE(h.error());
    CHECK_THROWS_WITH(std::rethrow_exception(h.error()),
                      Catch::Contains("auth.test: invalid_auth"));
    CHECK(fake.calls("auth.test").size() == 1);
  }
  SECTION("app token: apps.connections.open not_authed / account_inactive") {
    FakeSlack fake;
    const std::string error = GENERATE(std::string("not_authed"), std::string("account_inactive"));
    fake.fail_method("apps.connections.open", error);
    BotHarness h(fake);
    h.start();
    REQUIRE(h.wait_finished(std::chrono::seconds(5)));
    REQUIRE(h.error());
    CHECK_THROWS_AS(std::rethrow_exception(h.error()), slack::SlackFatalError);
    CHECK_THROWS_WITH(std::rethrow_exception(h.error()), Catch::Contains(error));
    CHECK(fake.calls("apps.connections.open").size() == 1);
  }
}

TEST_CASE("TLS: a verified wss:// session works, a certificate for another name is refused",
          "[slack][socket][tls]") {
  const auto& pki = test::test_pki();
  SECTION("matching certificate") {
    test::FakeSlackOptions o;
    o.tls = pki.server;
    FakeSlack fake(o);
    BotHarness h(fake, test::quick_settings(fake), ":memory:", pki.ca_cert_file.string());
    h.start();
    open_incident(h);
    say_and_wait(fake, "over TLS");
    CHECK(fake.api_url().starts_with("https://127.0.0.1:"));
    CHECK(texts(h) == std::vector<std::string>{"over TLS"});
  }
  SECTION("host name mismatch") {
    test::FakeSlackOptions o;
    o.tls = pki.wrong_host;
    FakeSlack fake(o);
    BotHarness h(fake, test::quick_settings(fake), ":memory:", pki.ca_cert_file.string());
    h.start();
    REQUIRE(h.wait_finished(std::chrono::seconds(5)));
    REQUIRE(h.error());
    CHECK_THROWS_WITH(std::rethrow_exception(h.error()),
                      Catch::Contains("TLS") && Catch::Contains("refused"));
    CHECK(fake.calls().empty());  // no request ever reached the impostor
  }
}

TEST_CASE(
    "acks follow commits: a batch whose commit fails is not acked, its redelivery is "
    "applied once",
    "[slack][socket][persist]") {
  test::TempDir dir;
  const std::string db = (dir / "scribe.db").string();
  FakeSlack fake;
  BotHarness h(fake, test::quick_settings(fake), db);
  h.start();
  open_incident(h);
  say_and_wait(fake, "committed");

  // Another writer holds the database's write lock: the next commit fails.
  std::mutex m;
  std::condition_variable cv;
  bool locked = false, release = false;
  std::thread holder([&] {
    auto other = storage::open_store(db);
    other->transaction([&] {
      other->cursors().put("lock", "held");  // takes the write lock
      std::unique_lock lock(m);
      locked = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
    });
  });
  {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return locked; });
  }
  const std::string env = fake.send_message("CINC", "U2", "during the outage", now_ts());
  // The bot has tried to commit the batch and given up on it: no ack can follow.
  REQUIRE(FakeSlack::eventually([&] { return h.stats().batches_unacked >= 1; }));
  CHECK(fake.ack_count(env) == 0);  // not committed, so not acked
  {
    std::lock_guard lock(m);
    release = true;
  }
  cv.notify_all();
  holder.join();
  fake.drop_connections();  // Slack redelivers what was not acked on the next connection
  REQUIRE(FakeSlack::eventually([&] { return fake.ack_count(env) == 1; }));
  CHECK(texts(h) == std::vector<std::string>{"committed", "during the outage"});
}

TEST_CASE("a backlog is committed in batches and every envelope acked once",
          "[slack][socket][load]") {
  FakeSlack fake;
  BotHarness h(fake);
  open_incident(h);
  std::vector<std::string> envs;
  for (int i = 0; i < 600; ++i)
    envs.push_back(fake.send_message("CINC", "U2", "line " + std::to_string(i), now_ts()));
  h.start();  // everything is waiting when the connection opens
  REQUIRE(FakeSlack::eventually([&] { return fake.pending() == 0; }, std::chrono::seconds(10)));
  for (const auto& e : envs) CHECK(fake.ack_count(e) == 1);
  CHECK(h.transcript(1).size() == 600);
  const auto stats = h.stats();
  CHECK(stats.largest_batch > 1);
  CHECK(stats.largest_batch <= 256);
  CHECK(stats.applied == 600);
}

TEST_CASE("a connection that never says hello is given up and retried with a fresh URL",
          "[slack][socket]") {
  test::FakeSlackOptions o;
  o.send_hello = false;
  FakeSlack fake(o);
  auto settings = test::quick_settings(fake);
  settings.session.hello_timeout = std::chrono::milliseconds(300);
  BotHarness h(fake, settings);
  h.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.urls_issued() >= 3; }));
  CHECK_FALSE(h.bot().connected());
  CHECK(fake.stale_ticket_attempts() == 0);  // every attempt used a URL of its own
}
