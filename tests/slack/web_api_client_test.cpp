// Web API answers as the bot reads them: ok/error, rate limits, transient
// failures and the arguments' encodings.
#include "adapters/slack/web_api_client.hpp"

#include <catch2/catch.hpp>

#include "tests/net/net_test_support.hpp"

#include "tests/support/process.hpp"

using namespace scribe;

using scribe::net::testing::answer;

namespace {

std::string sample(const std::string& name) {
  return test::read_file(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/slack/" + name);
}

}  // namespace

TEST_CASE("a successful answer is read into the typed parts Scribe uses", "[slack][web_api]") {
  const auto r =
      slack::decode_reply(answer(200, sample("slack-conversations.create-response.json")));
  CHECK(r.ok);
  CHECK(r.error.empty());
  const slack::ChannelInfo channel = slack::read_channel(r);
  CHECK(channel.id == "C0EAQDV4Z");
  CHECK(channel.name == "endeavor");
  CHECK_FALSE(channel.is_private);
  CHECK(r.outcome().kind == net::SendOutcome::Kind::done);

  const auto user = slack::read_user(
      slack::decode_reply(answer(200, sample("slack-users.info-response.json"))));
  CHECK(user.tz == "America/Los_Angeles");
  CHECK(user.display_name == "spengler");
  // A field the answer lacks reads as empty.
  CHECK(slack::read_upload_ticket(r).upload_url.empty());
}

TEST_CASE("ok:false is a permanent failure carrying Slack's error", "[slack][web_api]") {
  const auto r =
      slack::decode_reply(answer(200, sample("slack-conversations.create-error-response.json")));
  CHECK_FALSE(r.ok);
  CHECK(r.error == "name_taken");
  CHECK_FALSE(r.transient);
  CHECK(r.outcome().kind == net::SendOutcome::Kind::permanent_failure);
  CHECK(r.outcome().reason == "name_taken");
}

TEST_CASE("429 with Retry-After asks the queue to wait, never to drop", "[slack][web_api]") {
  // The sample's headers and body, as Slack sends them.
  const auto r = slack::decode_reply(
      answer(429, R"({"ok":false,"error":"ratelimited"})",
             {{"retry-after", "1"}, {"content-type", "application/json;charset=utf-8"}}));
  CHECK_FALSE(r.ok);
  CHECK(r.error == "ratelimited");
  REQUIRE(r.retry_after);
  CHECK(*r.retry_after == std::chrono::seconds(1));
  CHECK(r.outcome().kind == net::SendOutcome::Kind::retry_after);
  CHECK(r.outcome().wait == std::chrono::seconds(1));
  CHECK_THAT(sample("slack-429-ratelimited-response.txt"), Catch::Contains("retry-after: 1"));
}

TEST_CASE("server errors and Slack's internal errors are transient", "[slack][web_api]") {
  CHECK(slack::decode_reply(answer(503, "<html>busy</html>")).transient);
  CHECK(slack::decode_reply(answer(503, "<html>busy</html>")).error == "http_503");
  const auto internal =
      slack::decode_reply(answer(200, R"({"ok":false,"error":"internal_error"})"));
  CHECK(internal.transient);
  CHECK(internal.outcome().kind == net::SendOutcome::Kind::transient_failure);
  net::HttpResult dropped;
  dropped.ec = boost::asio::error::connection_reset;
  CHECK(slack::decode_reply(dropped).transient);
  CHECK(slack::decode_reply(answer(200, "not json")).outcome().kind ==
        net::SendOutcome::Kind::permanent_failure);
}

TEST_CASE("auth errors that no retry can fix are recognised", "[slack][web_api]") {
  for (const char* e : {"invalid_auth", "not_authed", "account_inactive", "token_revoked"})
    CHECK(slack::is_fatal_auth_error(e));
  for (const char* e : {"channel_not_found", "ratelimited", "internal_error", ""})
    CHECK_FALSE(slack::is_fatal_auth_error(e));
}

TEST_CASE("form arguments are percent-encoded", "[slack][web_api]") {
  CHECK(slack::form_encode({{"user", "W012A3CDE"}}) == "user=W012A3CDE");
  CHECK(slack::form_encode({{"filename", "INC-1 v1.md"}, {"length", "12"}}) ==
        "filename=INC-1+v1.md&length=12");
  CHECK(slack::form_encode({{"files", R"([{"id":"F1"}])"}}) ==
        "files=%5B%7B%22id%22%3A%22F1%22%7D%5D");
  CHECK(slack::form_encode({{"t", "caf\xC3\xA9&x=1"}}) == "t=caf%C3%A9%26x%3D1");
}
