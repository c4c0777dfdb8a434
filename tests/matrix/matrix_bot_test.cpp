// Scribe on Matrix end to end, in process: a MatrixBot over a real SQLite
// store against the fake homeserver.
#include "adapters/matrix/matrix_bot.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>

#include "tests/matrix/matrix_harness.hpp"
#include "tests/support/process.hpp"

using namespace scribe;
using scribe::test::BotHarness;
using scribe::test::caught_up;
using scribe::test::epoch_ms;
using scribe::test::FakeHomeserver;
using scribe::test::kBot;
using scribe::test::kDana;
using scribe::test::kSam;
using scribe::test::TempDir;

namespace {

struct Line {
  std::int64_t ts;
  std::string user;  // Matrix id
  std::string text;
};

// The seed transcript, as Matrix users (commands typed as `!incident`).
std::vector<Line> seed_lines() {
  std::ifstream in(std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt");
  std::vector<Line> out;
  std::string line;
  const std::regex shape(R"(^(\S+) (\w+): (.*)$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.starts_with("#") || !std::regex_match(line, m, shape)) continue;
    std::string text = m[3];
    if (text.starts_with("/incident")) text[0] = '!';
    out.push_back({epoch_ms(m[1]), "@" + std::string(m[2]) + ":test.local", text});
  }
  return out;
}

// Declares the seed incident in `origin` and returns the room Scribe made for it.
std::string declare_seed(FakeHomeserver& hs, BotHarness& bot, const std::string& origin,
                         const Line& start) {
  hs.send_text(origin, start.user, start.text, start.ts);
  REQUIRE(bot.run_until([&] {
    return hs.created_rooms().size() == 1 &&
           !hs.bot_messages(hs.created_rooms()[0].room_id).empty();
  }));
  return hs.created_rooms()[0].room_id;
}

}  // namespace

TEST_CASE("the seed incident over Matrix: room, replies, and the draft posted as a file",
          "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  hs.set_display_name(kDana, "Dana");
  const std::string general = hs.create_room("general", kDana, {kSam});
  hs.invite_bot(general, kDana);
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return hs.membership(general, kBot) == "join" && caught_up(hs); }));

  const auto lines = seed_lines();
  REQUIRE(lines.size() == 24);
  const std::string room = declare_seed(hs, bot, general, lines[0]);

  const auto created = hs.created_rooms()[0];
  CHECK(created.name == "inc-20260312-api-returning-503s");
  CHECK(created.invited == std::vector<std::string>{kDana});
  CHECK_FALSE(created.is_direct);
  CHECK(bot.store().incidents().find(1)->channel == room);
  // The announcement in the new room, the pointer in the origin room.
  const auto announcement = hs.bot_messages(room).at(0);
  CHECK(announcement.msgtype == "m.notice");
  CHECK_THAT(announcement.body, Catch::Contains("INC-1 declared: API returning 503s"));
  CHECK_THAT(announcement.content,
             Catch::Contains(R"("m.mentions":{"user_ids":["@dana:test.local"]})"));
  REQUIRE(bot.run_until([&] { return !hs.bot_messages(general).empty(); }));
  CHECK_THAT(hs.bot_messages(general)[0].body, Catch::Contains("#inc-20260312-api-returning-503s"));

  for (std::size_t i = 1; i < lines.size(); ++i)
    hs.send_text(room, lines[i].user, lines[i].text, lines[i].ts);
  REQUIRE(bot.run_until([&] {
    for (const auto& e : hs.bot_messages(room))
      if (e.msgtype == "m.file") return true;
    return false;
  }));
  REQUIRE(bot.run_until([&] { return caught_up(hs) && bot.bot().stats().outbound.depth == 0; }));

  REQUIRE(hs.uploads().size() == 1);
  const auto upload = hs.uploads()[0];
  CHECK(upload.filename == "INC-1-postmortem-v1.md");
  CHECK(upload.content_type == "text/markdown");
  const std::string dash = "\xE2\x80\x93";
  CHECK_THAT(upload.content,
             Catch::Contains("**Total customer impact: 40 minutes (14:31" + dash + "15:11)**"));
  CHECK_THAT(upload.content,
             Catch::Contains("**Detection gap: 13 minutes (14:31" + dash + "14:44)**"));
  CHECK_THAT(upload.content, Catch::Contains("connections are never returned to the pool"));

  const auto sent = hs.bot_messages(room);
  auto file =
      std::find_if(sent.begin(), sent.end(), [](const auto& e) { return e.msgtype == "m.file"; });
  REQUIRE(file != sent.end());
  CHECK(file->body == "INC-1-postmortem-v1.md");
  CHECK_THAT(file->content, Catch::Contains("\"url\":\"" + upload.content_uri + "\""));
  CHECK_THAT(file->content, Catch::Contains(R"("mimetype":"text/markdown")"));
  CHECK_THAT(file->content, Catch::Contains("\"size\":" + std::to_string(upload.content.size())));
  // The comment follows the file as a notice.
  REQUIRE(file + 1 != sent.end());
  CHECK((file + 1)->msgtype == "m.notice");

  REQUIRE(bot.drafts.size() == 1);
  CHECK(bot.drafts[0].markdown == upload.content);
  // Every bot message is a notice or the file, each sent once.
  for (const auto& e : hs.bot_messages()) CHECK((e.msgtype == "m.notice" || e.msgtype == "m.file"));
  CHECK(hs.retransmits() == 0);
  bot.stop();
}

TEST_CASE("edits and redactions reach the transcript of the draft", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string general = hs.create_room("general", kDana, {kSam, kBot});
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  const std::string room = declare_seed(
      hs, bot, general,
      {epoch_ms("2026-03-12T14:46:10Z"), kDana, "!incident start Checkout errors sev:P2"});

  const auto typo = hs.send_text(room, kSam, "pool is at 20/200", epoch_ms("2026-03-12T14:49:00Z"));
  hs.edit(room, kSam, typo, "pool is at 200/200", epoch_ms("2026-03-12T14:49:30Z"));
  const auto oops =
      hs.send_text(room, kSam, "my password is hunter2", epoch_ms("2026-03-12T14:50:00Z"));
  hs.redact(room, kSam, oops, epoch_ms("2026-03-12T14:50:05Z"));
  const auto oops2 =
      hs.send_text(room, kSam, "wrong room, sorry", epoch_ms("2026-03-12T14:50:10Z"));
  hs.redact(room, kSam, oops2, epoch_ms("2026-03-12T14:50:15Z"), /*v11=*/true);
  const auto root =
      hs.send_text(room, kDana, "who looks at the pool?", epoch_ms("2026-03-12T14:51:00Z"));
  hs.thread_reply(room, kSam, root, "I do", epoch_ms("2026-03-12T14:51:10Z"));
  hs.send_text(room, kDana, "!incident resolved 15:00", epoch_ms("2026-03-12T15:01:00Z"));
  hs.send_text(room, kDana, "!incident close", epoch_ms("2026-03-12T15:02:00Z"));
  REQUIRE(bot.run_until([&] { return hs.uploads().size() == 1; }));

  const std::string draft = hs.uploads()[0].content;
  INFO(draft);
  CHECK_THAT(draft, Catch::Contains("pool is at 200/200"));
  CHECK_THAT(draft, !Catch::Contains("pool is at 20/200"));
  CHECK_THAT(draft, !Catch::Contains("hunter2"));
  CHECK_THAT(draft, !Catch::Contains("wrong room, sorry"));
  CHECK_THAT(draft, Catch::Contains("I do"));
  bot.stop();
}

TEST_CASE("the bot never answers itself, notices or other bots", "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string room = hs.create_room("general", kDana, {kBot});
  BotHarness bot(hs, (dir / "scribe.db").string());
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  hs.send_text(room, kBot, "!incident help");                              // an echo of our own
  hs.send_text(room, "@ci:test.local", "!incident list", {}, "m.notice");  // another bot
  hs.send_text(room, kDana, "!incident list");
  REQUIRE(bot.run_until([&] { return caught_up(hs) && bot.bot().stats().outbound.depth == 0; }));
  // A later command of Dana's: once it is answered, nothing more is coming.
  hs.send_text(room, kDana, "!incident help");
  REQUIRE(bot.run_until([&] { return hs.bot_messages(room).size() == 3; }));
  const auto replies = hs.bot_messages(room);
  // Our own "!incident help" above, exactly one answer to the two commands
  // before it (Dana's), and the answer to the later one.
  REQUIRE(replies.size() == 3);
  CHECK(replies[1].msgtype == "m.notice");
  CHECK_THAT(replies[1].body, Catch::StartsWith(kDana + ": "));  // an ephemeral reply, made public
  CHECK_THAT(replies[1].content, Catch::Contains(R"("user_ids":["@dana:test.local"])"));
  CHECK_THAT(replies[1].formatted_body, Catch::Contains("https://matrix.to/#/@dana:test.local"));
  bot.stop();
}

TEST_CASE("a pushpin pins a message, redacting the reaction unpins it, even after a restart",
          "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string db = (dir / "scribe.db").string();
  const std::string general = hs.create_room("general", kDana, {kSam, kBot});
  std::string room, pin;
  {
    BotHarness bot(hs, db);
    bot.start();
    REQUIRE(bot.run_until([&] { return caught_up(hs); }));
    room =
        declare_seed(hs, bot, general,
                     {epoch_ms("2026-03-12T14:46:10Z"), kDana, "!incident start Pool exhausted"});
    const auto msg = hs.send_text(room, kSam, "connections never return to the pool",
                                  epoch_ms("2026-03-12T14:52:05Z"));
    hs.react(room, kSam, msg, "\xF0\x9F\x91\x80");  // eyes: not a pin
    pin = hs.react(room, kDana, msg, "\xF0\x9F\x93\x8C\xEF\xB8\x8F",
                   epoch_ms("2026-03-12T14:55:00Z"));
    auto pinned = [&] {
      for (const auto& e : bot.store().timeline().list(1))
        if (e.kind == core::EntryKind::pinned) return true;
      return false;
    };
    REQUIRE(bot.run_until([&] { return pinned() && caught_up(hs); }));
    const auto entries = bot.store().timeline().list(1);
    const auto entry = std::find_if(entries.begin(), entries.end(), [](const auto& e) {
      return e.kind == core::EntryKind::pinned;
    });
    CHECK(core::to_epoch_ms(entry->at) == epoch_ms("2026-03-12T14:52:05Z"));
    CHECK(entry->source_message == msg);
    bot.stop();
  }
  hs.redact(room, kDana, pin, epoch_ms("2026-03-12T14:56:00Z"));
  BotHarness bot(hs, db);
  bot.start();
  // Caught up: the batch with the redaction is committed (the long poll after it waits).
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  for (const auto& e : bot.store().timeline().list(1)) CHECK(e.kind != core::EntryKind::pinned);
  bot.stop();
}

TEST_CASE("restart mid-incident: sync resumes from the stored next_batch, each message once",
          "[matrix]") {
  FakeHomeserver hs;
  TempDir dir;
  const std::string db = (dir / "scribe.db").string();
  const std::string general = hs.create_room("general", kDana, {kSam, kBot});
  std::string room, stored;
  auto say = [&](int from, int to) {
    for (int i = from; i < to; ++i) hs.send_text(room, kSam, "step " + std::to_string(i) + " done");
  };
  {
    BotHarness bot(hs, db);
    bot.start();
    REQUIRE(bot.run_until([&] { return caught_up(hs); }));
    room = declare_seed(hs, bot, general,
                        {epoch_ms("2026-03-12T14:46:10Z"), kDana, "!incident start Restart test"});
    say(0, 5);
    REQUIRE(bot.run_until([&] { return caught_up(hs); }));
    bot.stop();
    stored = *bot.engine().cursor("matrix.next_batch");
  }
  say(5, 10);  // while Scribe is down
  const auto first_new_sync = hs.sync_tokens().size();
  BotHarness bot(hs, db);
  bot.start();
  REQUIRE(bot.run_until([&] { return caught_up(hs); }));
  CHECK(hs.sync_tokens().at(first_new_sync) == stored);
  say(10, 15);
  hs.send_text(room, kDana, "!incident resolved");
  hs.send_text(room, kDana, "!incident close");
  REQUIRE(bot.run_until([&] { return hs.uploads().size() == 1; }));
  const auto lines = bot.store().transcript().list(1);
  std::map<std::string, int> seen;
  for (const auto& l : lines) ++seen[l.text];
  for (int i = 0; i < 15; ++i) CHECK(seen["step " + std::to_string(i) + " done"] == 1);
  CHECK(bot.bot().stats().duplicates == 0);
  bot.stop();
}
