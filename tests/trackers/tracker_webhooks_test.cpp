// The trackers' webhooks read from the real samples, and GitHub's ways of
// saying "slow down".
#include "adapters/trackers/tracker_webhooks.hpp"

#include <catch2/catch.hpp>

#include "adapters/trackers/github_issues.hpp"
#include "adapters/trackers/jira_issues.hpp"
#include "tests/net/net_test_support.hpp"
#include "tests/support/process.hpp"

#include <boost/json.hpp>

using namespace scribe;
using namespace std::chrono_literals;

namespace {

std::string sample(const std::string& path) {
  return test::read_file(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/" + path);
}

}  // namespace

TEST_CASE("a GitHub issues event: closed and reopened are followed and the rest ignored",
          "[trackers]") {
  const auto closed =
      trackers::decode_github_issue_event(sample("signals/github-issues-closed.json"));
  const auto& seen = std::get<std::vector<core::TrackerObservation>>(closed);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].key == "Pritesh-30/test-repo#8");
  CHECK(seen[0].closed);
  CHECK(seen[0].by == "Pritesh-30");

  std::string reopened = sample("signals/github-issues-closed.json");
  reopened.replace(reopened.find("\"closed\""), 8, "\"reopened\"");
  const auto again = trackers::decode_github_issue_event(reopened);
  REQUIRE(std::get<std::vector<core::TrackerObservation>>(again).size() == 1);
  CHECK_FALSE(std::get<std::vector<core::TrackerObservation>>(again)[0].closed);

  CHECK(std::get<std::vector<core::TrackerObservation>>(
            trackers::decode_github_issue_event(R"({"action": "labeled"})"))
            .empty());
  CHECK(std::holds_alternative<std::string>(trackers::decode_github_issue_event("not json")));
  CHECK(std::holds_alternative<std::string>(
      trackers::decode_github_issue_event(R"({"action": "closed"})")));
}

TEST_CASE("a Jira issue_updated webhook gives the issue's status category", "[trackers]") {
  const auto updated =
      trackers::decode_jira_webhook(sample("trackers/jira-webhook-issue_updated.json"));
  const auto& seen = std::get<std::vector<core::TrackerObservation>>(updated);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].key == "TEST-1");
  CHECK_FALSE(seen[0].closed);  // "In Progress" is the indeterminate category
  CHECK(seen[0].by == "James Williams");
  std::string done = sample("trackers/jira-webhook-issue_updated.json");
  const auto at = done.find("\"indeterminate\"");
  REQUIRE(at != std::string::npos);
  done.replace(at, 15, "\"done\"");
  CHECK(std::get<std::vector<core::TrackerObservation>>(trackers::decode_jira_webhook(done))[0]
            .closed);
  CHECK(std::get<std::vector<core::TrackerObservation>>(
            trackers::decode_jira_webhook(R"({"webhookEvent": "comment_created"})"))
            .empty());
  CHECK(std::holds_alternative<std::string>(
      trackers::decode_jira_webhook(R"({"webhookEvent": "jira:issue_updated"})")));
}

TEST_CASE("GitHub's secondary and primary rate limits are waits and other 403s are not",
          "[trackers]") {
  const std::string secondary =
      R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://developer.github.com/v3/#secondary-rate-limits"})";
  CHECK(trackers::github_rate_limit_wait(
            net::testing::answer(403, secondary, {{"retry-after", "1"}})) == 1s);
  CHECK(trackers::github_rate_limit_wait(net::testing::answer(403, secondary)) ==
        60s);  // octokit's fallback
  const auto in_an_hour = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch() + 1h)
                              .count();
  const auto primary = trackers::github_rate_limit_wait(net::testing::answer(
      403, "{}",
      {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(in_an_hour)}}));
  REQUIRE(primary);
  CHECK(*primary > 59min);
  CHECK(*primary <= 61min);
  CHECK_FALSE(trackers::github_rate_limit_wait(
      net::testing::answer(403, R"({"message":"Resource not accessible by integration"})")));
  CHECK_FALSE(trackers::github_rate_limit_wait(net::testing::answer(404, secondary)));
}

TEST_CASE("a Jira description is an Atlassian Document of paragraphs", "[trackers]") {
  const auto doc = trackers::adf_document({"Action item A-1.", "Owner: @sam."});
  CHECK(
      boost::json::serialize(doc) ==
      R"({"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Action item A-1."}]},{"type":"paragraph","content":[{"type":"text","text":"Owner: @sam."}]}]})");
}
