// The known-answer incident typed live over Socket Mode, in-process: the
// uploaded draft carries the figures README promises ("The postmortem draft").
#include <catch2/catch.hpp>

#include "tests/slack/bot_harness.hpp"
#include "tests/support/slack_seed.hpp"

using namespace scribe;
using test::FakeSlack;

TEST_CASE("the seed incident typed live over Socket Mode gives the known figures",
          "[slack][seed]") {
  FakeSlack fake;
  test::BotHarness h(fake);
  h.start();
  REQUIRE(FakeSlack::eventually([&] { return h.bot().connected(); }));
  const auto seed = test::type_seed_incident(
      fake, std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt");
  REQUIRE(FakeSlack::eventually(
      [&] {
        auto u = fake.uploads();
        return !u.empty() && u.back().completed;
      },
      std::chrono::seconds(10)));
  const auto upload = fake.uploads().back();
  INFO(upload.content);
  CHECK(upload.channel_id == seed.channel);
  CHECK_THAT(upload.content, Catch::Contains("Total customer impact: 40 minutes"));
  CHECK_THAT(upload.content, Catch::Contains("Detection gap: 13 minutes"));
  CHECK_THAT(upload.content, Catch::Contains("Duration: 00:27 (detection to resolution)"));
  CHECK_THAT(upload.content, Catch::Contains("Time to identify: 8 minutes"));
  CHECK_THAT(upload.content, Catch::Contains("connections are never returned to the pool"));
  // sam (Kolkata) and dana (New York) typed their times on their own clocks.
  CHECK(fake.calls("users.info").size() == 2);
  REQUIRE(FakeSlack::eventually([&] { return fake.pending() == 0; }));
  CHECK(h.drafts().size() == 1);
}
