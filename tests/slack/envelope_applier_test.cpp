// Persist, then ack: envelopes into the real engine (SQLite in memory), one
// commit per batch, at most once per event id, slash replies in the ack.
#include "adapters/slack/envelope_applier.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/engine_fixture.hpp"
#include "tests/support/process.hpp"
#include "tests/support/slack_payloads.hpp"

using namespace scribe;
namespace sp = test::slack_payloads;

namespace {

const core::Instant kNow = *core::parse_iso8601("2026-03-12T14:46:10Z");

struct Harness {
  test::EngineFixture fx;
  std::vector<core::Outbound> effects;
  slack::EnvelopeApplier applier{fx.engine,
                                 [this](std::vector<core::Outbound> e) {
                                   for (auto& x : e) effects.push_back(std::move(x));
                                 },
                                 nullptr, std::chrono::milliseconds(0), [] { return kNow; }};

  Harness() { applier.set_identity({"UBOT", "BBOT"}); }

  std::vector<std::optional<slack::AckPayload>> apply(const std::vector<std::string>& frames) {
    std::vector<slack::Envelope> batch;
    for (const auto& f : frames) batch.push_back(slack::decode_frame(f).envelope);
    boost::asio::io_context io;
    auto done = boost::asio::co_spawn(io, applier.apply(batch), boost::asio::use_future);
    io.run();
    return done.get();
  }

  std::vector<core::TranscriptLine> transcript(std::int64_t incident = 1) {
    return fx.store->transcript().list(incident);
  }
};

std::string slash(const std::string& id, const std::string& channel, const std::string& text) {
  return boost::json::serialize(sp::slash_command_envelope(id, channel, "U1", "dana", text));
}

std::string message(int n, const std::string& channel, const std::string& text,
                    const std::string& ts, const std::string& user = "U2") {
  return boost::json::serialize(sp::events_api_envelope(
      "env-m" + std::to_string(n),
      sp::message_event("Ev" + std::to_string(n), channel, user, text, ts)));
}

}  // namespace

TEST_CASE("a slash command's reply goes back in its ack, other effects go out",
          "[slack][applier]") {
  Harness h;
  auto acks = h.apply({slash("e1", "CGEN", "start API returning 503s sev:P1")});
  REQUIRE(acks.size() == 1);
  REQUIRE(acks[0]);
  CHECK(acks[0]->in_channel);
  CHECK_THAT(acks[0]->text, Catch::Contains("INC-1 declared: API returning 503s"));
  CHECK_THAT(acks[0]->text, Catch::Contains("<@U1>"));  // the lead, as a Slack mention
  bool opens_channel = false;
  for (const auto& e : h.effects)
    if (const auto* o = std::get_if<core::OpenChannel>(&e)) {
      opens_channel = true;
      CHECK(o->name == "inc-20260312-api-returning-503s");
      CHECK(o->invite == std::vector<std::string>{"U1"});
    }
  CHECK(opens_channel);

  SECTION("a usage error is answered to the invoker only") {
    auto bad = h.apply({slash("e2", "CGEN", "sev P9")});
    REQUIRE(bad[0]);
    CHECK_FALSE(bad[0]->in_channel);
  }
}

TEST_CASE("a batch is applied once even when Slack delivers it again", "[slack][applier]") {
  Harness h;
  h.apply({slash("e1", "CGEN", "start Search slow")});
  h.fx.engine.bind_channel(1, "CINC");
  const std::string first = message(1, "CINC", "reindex started", "1773326770.000100");
  const std::string second = message(2, "CINC", "queue drained", "1773326780.000200");
  h.apply({first, second});
  CHECK(h.applier.counters().applied == 3);

  // Same event ids, new envelopes, retry_attempt 1: nothing changes.
  auto again = boost::json::parse(first).as_object();
  again["envelope_id"] = "env-retry";
  again["retry_attempt"] = 1;
  auto acks = h.apply({boost::json::serialize(again), second});
  CHECK(acks.size() == 2);
  CHECK(h.applier.counters().duplicates == 2);
  CHECK(h.transcript().size() == 2);

  SECTION("across a restart the engine's ledger still knows the ids") {
    slack::EnvelopeApplier fresh(h.fx.engine, nullptr, nullptr, std::chrono::milliseconds(0),
                                 [] { return kNow; });
    std::vector<slack::Envelope> batch{slack::decode_frame(first).envelope};
    boost::asio::io_context io;
    auto done = boost::asio::co_spawn(io, fresh.apply(batch), boost::asio::use_future);
    io.run();
    done.get();
    CHECK(h.transcript().size() == 2);
  }
}

TEST_CASE("edits, deletions and pins reach the transcript, bots never do", "[slack][applier]") {
  Harness h;
  h.apply({slash("e1", "CGEN", "start Checkout errors")});
  h.fx.engine.bind_channel(1, "CINC");
  h.apply({message(1, "CINC", "pool is at max", "1773326770.000100"),
           message(2, "CINC", "typo mesage", "1773326771.000100")});
  const auto edit = sp::events_api_envelope(
      "env-e", sp::edit_event("Ev10", "CINC", "U2", "1773326771.000100", "typo mesage",
                              "fixed message", "1773326790.000300"));
  const auto del = sp::events_api_envelope(
      "env-d", sp::delete_event("Ev11", "CINC", "U2", "1773326770.000100", "1773326795.000400"));
  const auto bot = sp::events_api_envelope(
      "env-b", sp::bot_message_event("Ev12", "CINC", "B999", "I am a bot", "1773326796.000100"));
  const auto self = sp::events_api_envelope(
      "env-s", sp::message_event("Ev13", "CINC", "UBOT", "Scribe's own echo", "1773326797.000100"));
  const auto pin = sp::events_api_envelope(
      "env-p", sp::reaction_event(true, "Ev14", "CINC", "U1", "pushpin", "1773326771.000100",
                                  "1773326799.000500"));
  h.apply({boost::json::serialize(edit), boost::json::serialize(del), boost::json::serialize(bot),
           boost::json::serialize(self), boost::json::serialize(pin)});

  const auto lines = h.transcript();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "fixed message");
  CHECK(lines[0].message_id == "1773326771.000100");
  CHECK(core::to_epoch_ms(lines[0].at) == 1773326771000);  // the platform's own time
  CHECK(lines[0].edited_at);
  bool pinned = false;
  for (const auto& entry : h.fx.store->timeline().list(1))
    if (entry.kind == core::EntryKind::pinned) {
      pinned = true;
      CHECK(entry.text == "fixed message");
      CHECK(core::to_epoch_ms(entry.at) == 1773326771000);
    }
  CHECK(pinned);
}

TEST_CASE("envelopes with nothing to apply are still acked", "[slack][applier]") {
  Harness h;
  const std::string shortcut = test::read_file(std::string(SCRIBE_FIXTURES_DIR) +
                                               "/protocol/slack/slack-socketmode-interactive-"
                                               "shortcut-envelope.json");
  auto acks = h.apply({shortcut, message(1, "CNONE", "chatter outside incidents", "1773326770.1")});
  CHECK(acks.size() == 2);
  CHECK_FALSE(acks[0]);
  CHECK(h.applier.counters().skipped == 1);
  CHECK(h.applier.counters().applied == 1);
}

TEST_CASE("a NUL escaped in a Slack message never reaches storage", "[slack][applier]") {
  Harness h;
  h.apply({slash("e1", "CGEN", "start Checkout errors")});
  h.fx.engine.bind_channel(1, "CINC");
  // JSON may carry "\u0000": Boost.JSON decodes it into the string as a NUL byte.
  h.apply({message(1, "CINC", std::string("pool\0 at max", 12), "1773326770.000100")});
  const auto lines = h.transcript();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].text == "pool at max");
}
