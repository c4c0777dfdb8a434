// Sending: rate limits waited out, retries that never duplicate, DMs, files.
#include "adapters/matrix/outbox.hpp"

#include <catch2/catch.hpp>
#include <set>

#include "tests/matrix/matrix_harness.hpp"

using namespace scribe;
using scribe::test::BotHarness;
using scribe::test::caught_up;
using scribe::test::FakeHomeserver;
using scribe::test::kBot;
using scribe::test::kDana;
using scribe::test::TempDir;

namespace {

struct Running {
  FakeHomeserver hs;
  TempDir dir;
  std::string room;
  std::unique_ptr<BotHarness> bot;

  Running() {
    room = hs.create_room("general", kDana, {kBot});
    bot = std::make_unique<BotHarness>(hs, (dir / "scribe.db").string());
    bot->start();
    REQUIRE(bot->run_until([&] { return caught_up(hs); }));
  }
  ~Running() { bot->stop(); }
};

}  // namespace

TEST_CASE("txn ids are unique per process and never repeat across restarts", "[matrix]") {
  matrix::TxnIds a, b;
  const std::string first = a.next();
  CHECK(first.starts_with("scribe."));
  CHECK(a.next() != first);
  CHECK(b.next() != first);  // another process (a restart) has another prefix
  matrix::TxnIds fixed("p");
  CHECK(fixed.next() == "scribe.p.1");
  CHECK(fixed.next() == "scribe.p.2");
}

TEST_CASE("an ephemeral reply becomes a notice naming its reader", "[matrix]") {
  const auto m = matrix::as_public_reply({"!r:x", "Usage: ...", kDana, {"@sam:x"}});
  CHECK(m.text == kDana + ": Usage: ...");
  CHECK(m.mentions == std::vector<std::string>{kDana, "@sam:x"});
  CHECK(m.ephemeral_to.empty());
  const auto plain = matrix::as_public_reply({"!r:x", "Noted", "", {}});
  CHECK(plain.text == "Noted");
  CHECK(plain.mentions.empty());
}

TEST_CASE("a 429 on send is waited out and the message appears exactly once", "[matrix]") {
  Running r;
  r.hs.rate_limit("send", 1, 1);  // Retry-After: 1 (second)
  r.hs.send_text(r.room, kDana, "!incident help");
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 1; }));
  // A later command: its answer leaves after anything more of the first (one queue).
  r.hs.send_text(r.room, kDana, "!incident list");
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 2; }));
  CHECK(r.hs.bot_messages(r.room).size() == 2);  // the help reply once, then the list
  const auto sends = r.hs.calls("send");
  REQUIRE(sends.size() == 3);
  CHECK(sends[0].status == 429);
  CHECK(sends[1].status == 200);
  CHECK(sends[1].at - sends[0].at >= std::chrono::milliseconds(1000));
  CHECK(sends[0].target == sends[1].target);  // the same txn id
  CHECK(r.bot->bot().stats().rate_limit_waits >= 1);
}

TEST_CASE("retry_after_ms alone is honoured on send", "[matrix]") {
  Running r;
  r.hs.rate_limit("send", 2, std::nullopt, 150);
  r.hs.send_text(r.room, kDana, "!incident help");
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 1; }));
  const auto sends = r.hs.calls("send");
  REQUIRE(sends.size() == 3);
  CHECK(sends[2].at - sends[0].at >= std::chrono::milliseconds(300));
}

TEST_CASE("a send whose answer is lost is retried with its txn id: one message", "[matrix]") {
  Running r;
  r.hs.drop("send", 1, /*after_effect=*/true);
  r.hs.send_text(r.room, kDana, "!incident help");
  REQUIRE(r.bot->run_until([&] { return r.hs.retransmits() >= 1; }));
  std::set<std::string> targets;
  for (const auto& c : r.hs.calls("send")) targets.insert(c.target);
  CHECK(targets.size() == 1);  // every attempt with the one txn id
  // A later command: its answer leaves after anything more of the first (one queue).
  r.hs.send_text(r.room, kDana, "!incident list");
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 2; }));
  CHECK(r.hs.bot_messages(r.room).size() == 2);  // the help reply once, then the list
}

TEST_CASE("server errors on send are retried, a refusal is skipped, not retried forever",
          "[matrix]") {
  Running r;
  r.hs.fail("send", 2, 502);
  r.hs.send_text(r.room, kDana, "!incident help");
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 1; }));
  CHECK(r.hs.calls("send").size() == 3);

  r.hs.fail("send", 1, 403, "M_FORBIDDEN", "You are not allowed to send here");
  r.hs.send_text(r.room, kDana, "!incident list");
  r.hs.send_text(r.room, kDana, "!incident help");
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 2; }));
  // A later command: once its answer is in, the refused one is not coming back.
  r.hs.send_text(r.room, kDana, "!incident help");
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 3; }));
  CHECK(r.hs.bot_messages(r.room).size() == 3);  // help, help, help: the list was refused
  CHECK(r.bot->bot().stats().outbound.permanent_failures == 1);
}

TEST_CASE("direct messages go to one direct room per person, remembered", "[matrix]") {
  Running r;
  r.bot->bot().deliver({core::DirectMessage{kDana, "A-1 is overdue"}});
  r.bot->bot().deliver({core::DirectMessage{kDana, "A-2 is overdue"}});
  REQUIRE(r.bot->run_until([&] { return r.hs.created_rooms().size() == 1; }));
  const auto dm = r.hs.created_rooms()[0];
  CHECK(dm.is_direct);
  CHECK(dm.invited == std::vector<std::string>{kDana});
  CHECK_THAT(dm.request, Catch::Contains(R"("preset":"trusted_private_chat")"));
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(dm.room_id).size() == 2; }));
  CHECK(r.hs.bot_messages(dm.room_id)[0].body == "A-1 is overdue");
  CHECK(r.bot->engine().cursor("matrix.dm." + kDana) == std::optional<std::string>(dm.room_id));
  CHECK(r.hs.created_rooms().size() == 1);
}

TEST_CASE("an upload that is rate limited is retried before the file event", "[matrix]") {
  Running r;
  r.hs.rate_limit("upload", 1, 0);
  r.bot->bot().deliver(
      {core::PostFile{r.room, "INC-9-postmortem-v1.md", "INC-9", "# Draft\n", "Draft v1"}});
  REQUIRE(r.bot->run_until([&] { return r.hs.bot_messages(r.room).size() == 2; }));
  REQUIRE(r.hs.uploads().size() == 1);
  CHECK(r.hs.uploads()[0].content == "# Draft\n");
  const auto sent = r.hs.bot_messages(r.room);
  CHECK(sent[0].msgtype == "m.file");
  CHECK(sent[1].body == "Draft v1");
}
