// The real `scribe run` against the fake homeserver: the seed incident, a
// kill -9 in the middle of a burst, a rate-limited send, a refused token.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <thread>

#include "bot/core/time.hpp"
#include "tests/support/background_process.hpp"
#include "tests/support/fake_homeserver.hpp"
#include "tests/support/process.hpp"
#include "tests/support/scribe_run.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using scribe::test::BackgroundProcess;
using scribe::test::caught_up;
using scribe::test::count_of;
using scribe::test::FakeHomeserver;
using scribe::test::kBot;
using scribe::test::kDana;
using scribe::test::kSam;
using scribe::test::matrix_config;
using scribe::test::read_file;
using scribe::test::run_process;
using scribe::test::ScribeRun;
using scribe::test::TempDir;
using scribe::test::write_file;

namespace {

// `scribe run` pointed at the fake homeserver (with another token if given).
struct MatrixScribe : ScribeRun {
  explicit MatrixScribe(const FakeHomeserver& hs, const std::string& token = "")
      : ScribeRun("[http]\nlisten = \"\"\n" + matrix_config(hs, token)) {}
};

std::int64_t ms(const std::string& iso) {
  return scribe::core::to_epoch_ms(*scribe::core::parse_iso8601(iso));
}

// A homeserver with a room "general" (Dana, Sam and the bot), and `scribe run`
// on it, caught up.
struct OnMatrix {
  FakeHomeserver hs;
  const std::string general = hs.create_room("general", kDana, {kSam, kBot});
  MatrixScribe scribe{hs};
  OnMatrix() {
    scribe.start();
    REQUIRE(FakeHomeserver::eventually([&] { return caught_up(hs); }, 10s));
  }
};

// Declares an incident in `origin` and returns the room Scribe created for it.
std::string declare(FakeHomeserver& hs, const std::string& origin, const std::string& text,
                    std::optional<std::int64_t> ts = {}) {
  const auto before = hs.created_rooms().size();
  hs.send_text(origin, kDana, text, ts);
  REQUIRE(FakeHomeserver::eventually([&] { return hs.created_rooms().size() > before; }, 10s));
  const std::string room = hs.created_rooms().back().room_id;
  REQUIRE(FakeHomeserver::eventually([&] { return !hs.bot_messages(room).empty(); }, 10s));
  return room;
}

}  // namespace

TEST_CASE("scribe run on Matrix: the seed incident gives the known figures in the posted draft",
          "[integration][matrix]") {
  FakeHomeserver hs;
  const std::string general = hs.create_room("general", kDana, {kSam});
  hs.invite_bot(general, kDana);
  MatrixScribe scribe(hs);
  scribe.start();
  REQUIRE(FakeHomeserver::eventually(
      [&] { return hs.membership(general, kBot) == "join" && caught_up(hs); }, 10s));

  std::ifstream in(std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt");
  std::string line, room;
  const std::regex shape(R"(^(\S+) (\w+): (.*)$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.starts_with("#") || !std::regex_match(line, m, shape)) continue;
    std::string text = m[3];
    if (text.starts_with("/incident")) text[0] = '!';
    const std::string user = "@" + std::string(m[2]) + ":test.local";
    if (room.empty())
      room = declare(hs, general, text, ms(m[1]));
    else
      hs.send_text(room, user, text, ms(m[1]));
  }
  REQUIRE(FakeHomeserver::eventually(
      [&] {
        for (const auto& e : hs.bot_messages(room))
          if (e.msgtype == "m.file") return true;
        return false;
      },
      15s));
  REQUIRE(hs.uploads().size() == 1);
  const auto upload = hs.uploads()[0];
  INFO(upload.content << scribe.logs());
  CHECK(upload.content_type == "text/markdown");
  CHECK_THAT(upload.content, Catch::Contains("Total customer impact: 40 minutes"));
  CHECK_THAT(upload.content, Catch::Contains("Detection gap: 13 minutes"));
  CHECK_THAT(upload.content, Catch::Contains("Duration: 00:27"));
  // The m.file event, then the summary as a notice. (Follow-up messages may
  // come after them: the seed's action items are long overdue by now.)
  // The notice goes out just after the file: wait for it rather than race it.
  auto sent = hs.bot_messages(room);
  auto file = sent.end();
  REQUIRE(FakeHomeserver::eventually(
      [&] {
        sent = hs.bot_messages(room);
        file = std::find_if(sent.begin(), sent.end(),
                            [](const auto& e) { return e.msgtype == "m.file"; });
        return file != sent.end() && file + 1 != sent.end();
      },
      10s));
  CHECK((file + 1)->msgtype == "m.notice");
  CHECK_THAT((file + 1)->body, Catch::Contains("customer impact 40 min"));
  CHECK(hs.retransmits() == 0);
  const auto code = scribe.stop();
  INFO(scribe.logs());
  CHECK(code == 0);
  // The application wrote the same draft under data_dir.
  CHECK(scribe.draft(1).find("Total customer impact: 40 minutes") != std::string::npos);
  CHECK_THAT(scribe.logs(), !Catch::Contains(hs.options().access_token));
}

TEST_CASE_METHOD(OnMatrix,
                 "scribe run on Matrix: kill -9 during a burst, restart, each message exactly once",
                 "[integration][matrix][crash]") {
  const std::string room = declare(hs, general, "!incident start Burst test sev:P2");
  const std::size_t replies_before = hs.bot_messages(room).size();
  for (int i = 0; i < 150; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "burst <%03d> end", i);
    hs.send_text(room, kSam, text);
    if (i % 10 == 9) hs.send_text(room, kDana, "!incident note checkpoint " + std::to_string(i));
    if (i == 90) {
      FakeHomeserver::eventually([&] { return hs.bot_messages(room).size() >= replies_before + 3; },
                                 5s);
      scribe.process->kill(SIGKILL);
    }
  }
  REQUIRE(scribe.process->wait(5s) == -SIGKILL);
  const auto tokens_before = hs.sync_tokens().size();

  scribe.start();
  REQUIRE(FakeHomeserver::eventually([&] { return caught_up(hs); }, 20s));
  // It resumed from its stored position: no initial sync, no replay from scratch.
  REQUIRE(hs.sync_tokens().size() > tokens_before);
  CHECK_FALSE(hs.sync_tokens()[tokens_before].empty());
  REQUIRE(scribe.stop() == 0);
  // Each note is confirmed at most once: an event is never applied twice. A
  // reply lost in the kill is not sent again; notes typed after the kill are
  // all confirmed.
  auto confirmations = [&](int i) {
    std::size_t n = 0;
    for (const auto& e : hs.bot_messages(room))
      n += e.body.ends_with(": checkpoint " + std::to_string(i));
    return n;
  };
  for (int i = 9; i < 150; i += 10) {
    INFO("checkpoint " << i);
    CHECK(confirmations(i) <= 1);
    if (i > 90) CHECK(confirmations(i) == 1);
  }
  const std::string draft = scribe.draft(1);
  INFO(scribe.logs());
  for (int i = 0; i < 150; ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "burst <%03d> end", i);
    INFO(text);
    CHECK(count_of(draft, text) == 1);
  }
  // Every note appears as often as every other (timeline and transcript): none twice.
  const std::regex first_note("checkpoint 9(?![0-9])");
  const auto expected = std::distance(std::sregex_iterator(draft.begin(), draft.end(), first_note),
                                      std::sregex_iterator());
  CHECK(expected >= 1);
  for (int i = 19; i < 150; i += 10) {
    const std::regex note("checkpoint " + std::to_string(i) + "(?![0-9])");
    INFO("checkpoint " << i);
    CHECK(std::distance(std::sregex_iterator(draft.begin(), draft.end(), note),
                        std::sregex_iterator()) == expected);
  }
}

TEST_CASE_METHOD(OnMatrix,
                 "scribe run on Matrix: a 429 on send is waited out, the reply posted once",
                 "[integration][matrix]") {
  hs.rate_limit("send", 1, 1);
  hs.send_text(general, kDana, "!incident help");
  REQUIRE(FakeHomeserver::eventually([&] { return hs.bot_messages(general).size() == 1; }, 10s));
  // A later command's answer is the marker: had the first been sent twice,
  // the copy would have gone out before it.
  hs.send_text(general, kDana, "!incident list");
  REQUIRE(FakeHomeserver::eventually([&] { return hs.bot_messages(general).size() >= 2; }, 10s));
  CHECK(hs.bot_messages(general).size() == 2);
  const auto sends = hs.calls("send");
  REQUIRE(sends.size() == 3);
  CHECK(sends[1].at - sends[0].at >= 1s);
  CHECK(scribe.stop() == 0);
}

TEST_CASE_METHOD(
    OnMatrix,
    "scribe run on Matrix: SIGTERM with a reply held by a long rate limit exits 0 within 5 s",
    "[integration][matrix]") {
  hs.rate_limit("send", 100, 60);
  hs.send_text(general, kDana, "!incident help");
  REQUIRE(FakeHomeserver::eventually([&] { return !hs.calls("send").empty(); }, 10s));
  const auto ending = scribe.terminate(5s);
  INFO(scribe.logs());
  CHECK(ending.code == 0);
  CHECK(ending.took < 5s);
  CHECK_THAT(scribe.logs(), Catch::Contains("1 messages still queued"));
  CHECK(hs.bot_messages(general).empty());
}

TEST_CASE_METHOD(
    OnMatrix, "scribe run on Matrix: a declaration synced just before kill -9 still gets its room",
    "[integration][matrix][crash]") {
  // The homeserver cannot make rooms right now: the declaration is committed
  // with the sync position, its room keeps being retried, and the process dies.
  hs.fail("createRoom", 1000, 500);
  hs.send_text(general, kDana, "!incident start Payments down sev:P1");
  REQUIRE(FakeHomeserver::eventually(
      [&] { return caught_up(hs) && !hs.calls("createRoom").empty(); }, 10s));
  scribe.process->kill(SIGKILL);
  REQUIRE(scribe.process->wait(5s) == -SIGKILL);
  REQUIRE(hs.created_rooms().empty());

  hs.clear_faults("createRoom");
  scribe.start();
  REQUIRE(FakeHomeserver::eventually([&] { return hs.created_rooms().size() == 1; }, 10s));
  const auto made = hs.created_rooms()[0];
  CHECK(made.name.ends_with("-payments-down"));
  CHECK(made.invited == std::vector<std::string>{kDana});
  REQUIRE(FakeHomeserver::eventually(
      [&] {
        for (const auto& e : hs.bot_messages(made.room_id))
          if (e.body.find("INC-1 declared: Payments down") != std::string::npos) return true;
        return false;
      },
      10s));
  CHECK_THAT(scribe.logs(), Catch::Contains("INC-1 has no channel yet"));
  // The room is the incident's: what is said there is recorded.
  hs.send_text(made.room_id, kSam, "rolled back the deploy");
  REQUIRE(FakeHomeserver::eventually([&] { return caught_up(hs); }, 10s));
  REQUIRE(scribe.stop() == 0);
  CHECK(count_of(scribe.draft(1), "rolled back the deploy") >= 1);
}

TEST_CASE("scribe run on Matrix: a refused token exits 1 with a clear reason",
          "[integration][matrix]") {
  FakeHomeserver hs;
  MatrixScribe scribe(hs, "syt_not_the_token");
  scribe.start();
  const auto code = scribe.process->wait(10s);
  INFO(scribe.logs());
  CHECK(code == 1);
  CHECK_THAT(scribe.logs(), Catch::Contains("M_UNKNOWN_TOKEN"));
  CHECK_THAT(scribe.logs(), !Catch::Contains("syt_not_the_token"));
}

TEST_CASE_METHOD(
    OnMatrix, "scribe run on Matrix: edits and redactions reach the draft, it never answers itself",
    "[integration][matrix]") {
  const std::string room = declare(hs, general, "!incident start Checkout errors sev:P2");

  const auto typo = hs.send_text(room, kSam, "pool is at 20/200");
  hs.edit(room, kSam, typo, "pool is at 200/200");
  const auto oops = hs.send_text(room, kSam, "my password is hunter2");
  hs.redact(room, kSam, oops);
  REQUIRE(FakeHomeserver::eventually([&] { return caught_up(hs); }, 10s));
  // Our own echo and another bot's notice are not commands: no answer.
  const auto replies_before = hs.bot_messages(room).size();
  hs.send_text(room, kBot, "!incident help");
  hs.send_text(room, "@ci:test.local", "!incident list", {}, "m.notice");
  REQUIRE(FakeHomeserver::eventually([&] { return caught_up(hs); }, 10s));
  // A person's command after them is the marker: its answer comes after any
  // answer to the two above would have.
  hs.send_text(room, kDana, "!incident list");
  REQUIRE(FakeHomeserver::eventually(
      [&] { return hs.bot_messages(room).size() >= replies_before + 2; }, 10s));
  // The echo itself and the marker's answer; nothing answered the bot or the notice.
  CHECK(hs.bot_messages(room).size() == replies_before + 2);

  hs.send_text(room, kDana, "!incident resolved");
  hs.send_text(room, kDana, "!incident close");
  REQUIRE(FakeHomeserver::eventually([&] { return hs.uploads().size() == 1; }, 10s));
  const std::string draft = hs.uploads()[0].content;
  INFO(draft << scribe.logs());
  CHECK_THAT(draft, Catch::Contains("pool is at 200/200"));
  CHECK_THAT(draft, !Catch::Contains("pool is at 20/200"));
  CHECK_THAT(draft, !Catch::Contains("hunter2"));
  CHECK(scribe.stop() == 0);
}
