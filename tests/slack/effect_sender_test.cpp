// How the core's texts and channel names are adapted for Slack.
#include "adapters/slack/effect_sender.hpp"

#include <catch2/catch.hpp>

using scribe::slack::numbered_channel_name;
using scribe::slack::slack_text;

TEST_CASE("user ids the core writes as @U… become Slack mentions", "[slack][effects]") {
  CHECK(slack_text("lead @U0123ABCD", {}) == "lead <@U0123ABCD>");
  CHECK(slack_text("A-1 [ ] @W012A3CDE \xE2\x80\x94 fix it", {}) ==
        "A-1 [ ] <@W012A3CDE> \xE2\x80\x94 fix it");
  CHECK(slack_text("@U1 took over", {"U1"}) == "<@U1> took over");  // named explicitly
  CHECK(slack_text("already <@U0123ABCD> here", {}) == "already <@U0123ABCD> here");
  CHECK(slack_text("mail me at dana@example.com or @dana", {}) ==
        "mail me at dana@example.com or @dana");
  CHECK(slack_text("@Usain is not an id", {}) == "@Usain is not an id");
  CHECK(slack_text("@U0123ABCD.", {}) == "<@U0123ABCD>.");
  CHECK(slack_text("", {}).empty());
}

TEST_CASE("a taken channel name gets -2, -3 … within 80 characters", "[slack][effects]") {
  CHECK(numbered_channel_name("inc-20260312-api-down", 1) == "inc-20260312-api-down");
  CHECK(numbered_channel_name("inc-20260312-api-down", 2) == "inc-20260312-api-down-2");
  CHECK(numbered_channel_name("inc-20260312-api-down", 13) == "inc-20260312-api-down-13");
  const std::string long_name = "inc-20260312-" + std::string(67, 'a');
  REQUIRE(long_name.size() == 80);
  const std::string second = numbered_channel_name(long_name, 2);
  CHECK(second.size() == 80);
  CHECK(second.ends_with("a-2"));
  // A cut that would leave "--2" drops the dangling hyphen.
  const std::string hyphen = "inc-20260312-" + std::string(64, 'b') + "-cd";
  REQUIRE(hyphen.size() == 80);
  CHECK(numbered_channel_name(hyphen, 2) == "inc-20260312-" + std::string(64, 'b') + "-2");
}
