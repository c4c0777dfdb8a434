// The /sync loop: first start, stored filter and next_batch, backoff with
// jitter on failures, rate limits, gaps in limited timelines.
#include "adapters/matrix/sync_session.hpp"

#include <catch2/catch.hpp>

#include "tests/net/net_test_support.hpp"

#include <algorithm>

#include "tests/matrix/matrix_harness.hpp"

using namespace scribe;
using namespace scribe::matrix;
using scribe::test::BotHarness;
using scribe::test::caught_up;
using scribe::test::FakeHomeserver;
using scribe::test::kBot;
using scribe::test::kDana;
using scribe::test::kSam;
using scribe::test::TempDir;

using scribe::net::testing::answer;

namespace {

std::size_t replies_in(const FakeHomeserver& hs, const std::string& room) {
  return hs.bot_messages(room).size();
}

// One run of the bot declares an incident from a new room "ops" and stops;
// returns the incident's room, where the test then talks while it is down.
std::string declare_then_stop(FakeHomeserver& hs, const std::string& db, const std::string& title) {
  const std::string ops = hs.create_room("ops", kDana, {kBot});
  BotHarness bot(hs, db);
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  hs.send_text(ops, kDana, "!incident start " + title + " sev:P2");
  REQUIRE(bot.run_until([&] { return hs.created_rooms().size() == 1 && caught_up(hs); }));
  bot.stop();
  return hs.created_rooms()[0].room_id;
}

}  // namespace

TEST_CASE("after a failed sync: back off, wait out rate limits, stop on a bad token", "[matrix]") {
  net::Backoff backoff(
      {std::chrono::milliseconds(100), std::chrono::milliseconds(400), 2.0, 0.0, 1});
  const auto wait = std::chrono::milliseconds(5000);
  net::HttpResult dropped;
  dropped.ec = boost::asio::error::connection_reset;
  CHECK(after_failed_sync(dropped, backoff, wait).wait == std::chrono::milliseconds(100));
  CHECK(after_failed_sync(answer(502, ""), backoff, wait).wait == std::chrono::milliseconds(200));
  CHECK(after_failed_sync(answer(500, ""), backoff, wait).wait == std::chrono::milliseconds(400));
  CHECK(after_failed_sync(answer(503, ""), backoff, wait).wait == std::chrono::milliseconds(400));

  const std::string limited =
      R"({"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000})";
  auto header = after_failed_sync(answer(429, limited, {{"Retry-After", "1"}}), backoff, wait);
  CHECK(header.kind == SyncRetry::Kind::rate_limited);
  CHECK(header.wait == std::chrono::milliseconds(1000));
  CHECK(after_failed_sync(answer(429, limited), backoff, wait).wait ==
        std::chrono::milliseconds(2000));
  CHECK(after_failed_sync(answer(429, "{}"), backoff, wait).wait == wait);

  CHECK(after_failed_sync(answer(404, R"({"errcode":"M_NOT_FOUND","error":"No such filter."})"),
                          backoff, wait)
            .kind == SyncRetry::Kind::new_filter);
  net::HttpResult aborted;
  aborted.ec = boost::asio::error::operation_aborted;
  CHECK(after_failed_sync(aborted, backoff, wait).kind == SyncRetry::Kind::stop);
  CHECK_THROWS_AS(after_failed_sync(answer(401, R"({"errcode":"M_UNKNOWN_TOKEN"})"), backoff, wait),
                  MatrixFatalError);
}

TEST_CASE("first start: history is not replayed, next_batch and the filter are stored",
          "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string room = hs.create_room("general", kDana, {kBot});
  hs.send_text(room, kDana, "!incident start something that happened last week");
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  CHECK(bot.engine().cursor("matrix.next_batch") ==
        std::optional<std::string>("s" + std::to_string(hs.stream_position())));
  CHECK(bot.engine().cursor("matrix.filter_id") == std::optional<std::string>("f1"));
  CHECK(hs.sync_tokens().front().empty());  // the initial sync
  CHECK(hs.calls("sync").front().target.find("timeout=0") != std::string::npos);
  CHECK(hs.calls("sync").back().target.find("filter=f1") != std::string::npos);

  // What is said from now on counts; what came before did not.
  hs.send_text(room, kDana, "!incident help");
  REQUIRE(bot.run_until([&] { return replies_in(hs, room) == 1; }));
  CHECK(bot.store().incidents().list(true).empty());
  CHECK(replies_in(hs, room) == 1);  // the help only
  bot.stop();

  // A second start reuses the stored filter and next_batch: no initial sync.
  const auto syncs_before = hs.sync_tokens().size();
  BotHarness again(hs, (dir / "scribe.db").string());
  again.start();
  // Nothing new was said, so caught_up() alone may still describe the first
  // run's long poll: wait for the second run's own syncs.
  REQUIRE(again.run_until([&] { return hs.sync_tokens().size() > syncs_before && caught_up(hs); }));
  CHECK(hs.calls("filter").size() == 1);
  CHECK_FALSE(hs.sync_tokens().at(syncs_before).empty());
  again.stop();
}

TEST_CASE("dropped syncs are retried with a growing backoff, then it resets", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  hs.drop("sync", 3);
  hs.restart();  // cut the long poll in progress: the next three syncs are dropped
  auto dropped = [&] {
    std::size_t n = 0;
    for (const auto& call : hs.calls("sync")) n += call.status == 0;
    return n;
  };
  REQUIRE(bot.run_until([&] { return dropped() >= 3 && caught_up(hs) && bot.bot().connected(); }));
  // The session saw at least three failures in a row (the net layer may retry
  // a dropped keep-alive GET once by itself) and waited 20, 40, 80 ms between
  // its attempts (jitter 0 in the test settings).
  const auto syncs = hs.calls("sync");
  std::size_t first = syncs.size(), last = 0;
  for (std::size_t i = 0; i < syncs.size(); ++i)
    if (syncs[i].status == 0) {
      first = std::min(first, i);
      last = i;
    }
  REQUIRE(first < syncs.size());
  REQUIRE(last + 1 < syncs.size());
  CHECK((syncs[last + 1].status == 200 || syncs[last + 1].status == -1));  // -1: long poll
  CHECK(syncs[last + 1].at - syncs[first].at >= std::chrono::milliseconds(20 + 40 + 80));
  CHECK(bot.bot().stats().reconnects >= 3);
  bot.stop();
}

TEST_CASE("a rate-limited sync waits as long as the server asks", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  hs.rate_limit("sync", 1, std::nullopt, 300);  // retry_after_ms in the body only
  hs.restart();
  REQUIRE(bot.run_until([&] { return bot.bot().stats().rate_limit_waits == 1 && caught_up(hs); }));
  const auto syncs = hs.calls("sync");
  std::size_t limited = 0;
  for (std::size_t i = 0; i < syncs.size(); ++i)
    if (syncs[i].status == 429) limited = i;
  REQUIRE(limited + 1 < syncs.size());
  CHECK(syncs[limited + 1].at - syncs[limited].at >= std::chrono::milliseconds(300));
  bot.stop();
}

TEST_CASE("a forgotten filter is made again", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  hs.fail("sync", 1, 404, "M_NOT_FOUND", "No such filter.");
  hs.restart();
  REQUIRE(bot.run_until([&] { return hs.calls("filter").size() == 2 && caught_up(hs); }));
  CHECK(bot.engine().cursor("matrix.filter_id") == std::optional<std::string>("f2"));
  CHECK(hs.calls("sync").back().target.find("filter=f2") != std::string::npos);
  bot.stop();
}

TEST_CASE("a limited timeline is completed from /messages: nothing is lost", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string db = (dir / "scribe.db").string();
  const std::string incident_room = declare_then_stop(hs, db, "Queue backlog");
  // While Scribe is down the room gets busy: 12 messages, and syncs show 3.
  hs.set_timeline_limit(3);
  for (int i = 1; i <= 12; ++i) hs.send_text(incident_room, kDana, "update " + std::to_string(i));
  BotHarness bot(hs, db);
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs) && bot.bot().stats().gaps_filled >= 1; }));
  const auto lines = bot.store().transcript().list(1);
  REQUIRE(lines.size() == 12);
  for (int i = 1; i <= 12; ++i) CHECK(lines[i - 1].text == "update " + std::to_string(i));
  const auto pages = hs.calls("messages");
  REQUIRE_FALSE(pages.empty());
  CHECK(pages[0].target.find("dir=b") != std::string::npos);
  CHECK(pages[0].target.find("to=s") != std::string::npos);  // stops at the previous batch
  bot.stop();
}

TEST_CASE("a sync answer over the body limit is asked again smaller: nothing is lost", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string db = (dir / "scribe.db").string();
  const std::string incident_room = declare_then_stop(hs, db, "Log flood");
  // While Scribe is down, 40 pasted stack traces of 3 KiB: ~120 KiB of
  // timeline in one sync, against a 64 KiB limit.
  const std::string trace(3 * 1024, 'x');
  for (int i = 1; i <= 40; ++i)
    hs.send_text(incident_room, kSam, "trace " + std::to_string(i) + " " + trace);
  BotHarness bot(hs, db, [](matrix::MatrixSettings& s) { s.sync.max_sync_bytes = 64 * 1024; });
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs) && bot.bot().stats().gaps_filled >= 1; }));
  const auto lines = bot.store().transcript().list(1);
  REQUIRE(lines.size() == 40);
  for (int i = 1; i <= 40; ++i)
    CHECK(lines[i - 1].text.starts_with("trace " + std::to_string(i) + " x"));
  // One inline filter with a smaller timeline, then the stored filter again.
  const auto syncs = hs.calls("sync");
  const auto inline_filter = std::count_if(syncs.begin(), syncs.end(), [](const auto& c) {
    return c.target.find("filter=%7B") != std::string::npos;
  });
  CHECK(inline_filter == 1);
  CHECK(syncs.back().target.find("filter=f1") != std::string::npos);
  bot.stop();
}

TEST_CASE("a room joined later: its history before the join is not applied", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  const std::string room = hs.create_room("war-room", kDana);
  hs.send_text(room, kDana, "!incident start old news from before scribe came");
  hs.set_timeline_limit(2);  // the history also spills into a gap
  hs.invite_bot(room, kDana);
  REQUIRE(bot.run_until([&] { return hs.membership(room, kBot) == "join" && caught_up(hs); }));
  hs.send_text(room, kDana, "!incident help");
  REQUIRE(bot.run_until([&] { return replies_in(hs, room) == 1; }));
  CHECK(bot.store().incidents().list(true).empty());  // the start from before the join
  CHECK(replies_in(hs, room) == 1);                   // the help only
  bot.stop();
}
