// MatrixBot settings and failures: invites, a refused token, TLS, rooms in
// place, and secrets kept out of the logs.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "adapters/matrix/matrix_bot.hpp"
#include "tests/matrix/matrix_harness.hpp"

using namespace scribe;
using scribe::test::BotHarness;
using scribe::test::caught_up;
using scribe::test::FakeHomeserver;
using scribe::test::kBot;
using scribe::test::kDana;
using scribe::test::kSam;
using scribe::test::TempDir;

TEST_CASE("invites are accepted from allowed inviters and declined from others", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  BotHarness bot(hs, (dir / "scribe.db").string(), [](matrix::MatrixSettings& s) {
    s.allowed_inviters = {":test.local", "@ally:elsewhere.org"};
  });
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  const std::string ours = hs.create_room("ours", kDana);
  const std::string ally = hs.create_room("ally", "@ally:elsewhere.org");
  const std::string theirs = hs.create_room("theirs", "@eve:evil.example");
  hs.invite_bot(ours, kDana);
  hs.invite_bot(ally, "@ally:elsewhere.org");
  hs.invite_bot(theirs, "@eve:evil.example");
  // The fake sees the join/leave before the bot has its answer and counts it.
  REQUIRE(bot.run_until([&] {
    return hs.membership(ours, kBot) == "join" && hs.membership(ally, kBot) == "join" &&
           hs.membership(theirs, kBot) == "leave" && bot.bot().stats().invites_declined == 1 &&
           bot.bot().stats().invites_joined == 2;
  }));
  bot.stop();

  CHECK(matrix::inviter_allowed("@a:x.org", {}));
  CHECK(matrix::inviter_allowed("@a:x.org", {":x.org"}));
  CHECK_FALSE(matrix::inviter_allowed("@a:evilx.org", {":x.org"}));
  CHECK_FALSE(matrix::inviter_allowed("@a:x.org.evil", {":x.org"}));
  CHECK_FALSE(matrix::inviter_allowed("@b:x.org", {"@a:x.org"}));
}

TEST_CASE("a refused token stops run() with MatrixFatalError", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  hs.set_token_valid(false);
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return bot.finished(); }));
  REQUIRE(bot.failure());
  try {
    std::rethrow_exception(bot.failure());
  } catch (const matrix::MatrixFatalError& e) {
    CHECK_THAT(e.what(), Catch::Contains("M_UNKNOWN_TOKEN"));
    CHECK_THAT(e.what(), !Catch::Contains(hs.options().access_token));
  }
  CHECK(hs.calls("whoami").size() == 1);
  CHECK(hs.calls("sync").empty());
}

TEST_CASE("over TLS the homeserver's certificate is verified", "[matrix]") {
  scribe::test::FakeHomeserverOptions options;
  options.tls = scribe::test::test_pki().server;
  FakeHomeserver hs(options);
  TempDir dir;
  const std::string room = hs.create_room("general", kDana, {kBot});
  BotHarness bot(hs, (dir / "scribe.db").string());
  REQUIRE(hs.base_url().starts_with("https://"));
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  hs.send_text(room, kDana, "!incident help");
  REQUIRE(bot.run_until([&] { return hs.bot_messages(room).size() == 1; }));
  bot.stop();

  scribe::test::FakeHomeserverOptions wrong;
  wrong.tls = scribe::test::test_pki().wrong_host;
  FakeHomeserver impostor(wrong);
  BotHarness refused(impostor, (dir / "other.db").string());
  refused.start();
  // The first sync has failed (and is being retried): nothing was read meanwhile.
  REQUIRE(refused.run_until([&] { return refused.bot().stats().reconnects >= 1; }));
  CHECK_FALSE(refused.bot().connected());
  CHECK(impostor.calls().empty());  // the handshake failed: no request was ever read
  refused.stop();
}

TEST_CASE("incident_rooms = in_place: the incident lives in the room it was declared in",
          "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string room = hs.create_room("ops", kDana, {kSam, kBot});
  BotHarness bot(
      hs, (dir / "scribe.db").string(),
      [](matrix::MatrixSettings& s) { s.incident_rooms = "in_place"; },
      [](core::EngineOptions& o) { o.in_place_platforms.insert("matrix"); });
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  hs.send_text(room, kDana, "!incident start Disk full on db-2 sev:P3");
  hs.send_text(room, kSam, "cleared the old WAL files");
  hs.send_text(room, kDana, "!incident resolved");
  hs.send_text(room, kDana, "!incident close");
  REQUIRE(bot.run_until([&] { return hs.uploads().size() == 1; }));
  CHECK(hs.created_rooms().empty());
  CHECK(bot.store().incidents().find(1)->channel == room);
  CHECK_THAT(hs.uploads()[0].content, Catch::Contains("cleared the old WAL files"));
  bot.stop();
}

TEST_CASE("the access token never reaches the logs, whatever goes wrong", "[matrix]") {
  std::ostringstream captured;
  auto logger = spdlog::default_logger();
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  logger->sinks().push_back(sink);
  const auto level = logger->level();
  logger->set_level(spdlog::level::trace);
  {
    FakeHomeserver hs;
    TempDir dir;
    const std::string room = hs.create_room("general", kDana, {kBot});
    BotHarness bot(hs, (dir / "scribe.db").string());
    hs.fail("whoami", 1, 500);
    bot.start();
    REQUIRE(bot.run_until([&] { return caught_up(hs); }));
    hs.rate_limit("send", 1, 0);
    hs.fail("send", 1, 403, "M_FORBIDDEN", "nope");
    hs.drop("sync", 1);
    hs.restart();
    hs.send_text(room, kDana, "!incident help");
    hs.send_text(room, kDana, "!incident list");
    REQUIRE(bot.run_until([&] { return hs.bot_messages(room).size() == 1 && caught_up(hs); }));
    bot.stop();
    logger->sinks().pop_back();
    logger->set_level(level);
    CHECK_FALSE(captured.str().empty());
    CHECK(captured.str().find(hs.options().access_token) == std::string::npos);
  }
}
