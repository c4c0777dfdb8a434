// The real binary with the fake GitHub and Jira: the seed incident's three
// action items become issues when it closes, a close in the tracker (webhook
// or poll) marks the item done, `done` in chat closes the issue, a kill -9
// between the tracker's create and Scribe's commit leaves one issue, and rate
// limits delay the export without losing it.
#include <signal.h>

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "adapters/net/digest.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/fake_trackers.hpp"
#include "tests/support/http_post.hpp"
#include "tests/support/process.hpp"
#include "tests/support/replay_workspace.hpp"
#include "tests/support/scribe_run.hpp"
#include "tests/support/slack_seed.hpp"

using namespace scribe;
using namespace scribe::test;
using namespace std::chrono_literals;

namespace {

const std::string kExample = std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt";
constexpr const char* kGitHubSecret = "itest-github-webhook-secret";
constexpr const char* kJiraSecret = "itest-jira-webhook-secret";
const std::string kSecondary =
    R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://developer.github.com/v3/#secondary-rate-limits"})";

// The seed's people (their Slack ids) with their tracker accounts.
const std::string kPeople =
    "[people]\n"
    "UDANA01 = { github = \"danadev\", jira = \"557058:dana\" }\n"
    "USAM001 = { github = \"samdev\", jira = \"557058:sam\" }\n"
    "ULEE001 = { github = \"leedev\", jira = \"557058:lee\" }\n";

std::string github_sections(const FakeGitHub& github, const std::string& sync_every) {
  return "[trackers]\nexport = \"on_close\"\nsync_every = \"" + sync_every +
         "\"\n[trackers.github]\napi_url = \"" + github.base_url() +
         "/\"\nrepo = \"acme/web\"\ntoken = \"ghp-test-token\"\n";
}

std::string jira_sections(const FakeJira& jira, const std::string& sync_every) {
  return "[trackers]\nexport = \"on_close\"\nsync_every = \"" + sync_every +
         "\"\n[trackers.jira]\nbase_url = \"" + jira.base_url() +
         "/\"\nproject = \"OPS\"\nemail = \"bot@example.com\"\napi_token = \"jira-test-token\"\n"
         "webhook_secret = \"" +
         kJiraSecret + "\"\n";
}

// `scribe run` on the fake Slack, with its signals listener and /metrics.
struct TrackedScribe : ScribeRun {
  unsigned short signals_port = free_loopback_port();
  unsigned short http_port = free_loopback_port();
  const FakeSlack& slack;

  TrackedScribe(const FakeSlack& fake, const std::string& trackers) : slack(fake) {
    configure(trackers);
  }
  void configure(const std::string& trackers) {
    ScribeRun::configure(
        "[http]\nlisten = \"127.0.0.1:" + std::to_string(http_port) + "\"\n" + slack_config(slack) +
        "[signals]\nlisten = \"127.0.0.1:" + std::to_string(signals_port) +
        "\"\ngithub_secret = \"" + kGitHubSecret +
        "\"\n[web]\nbase_url = \"https://scribe.example.com\"\n" + trackers + kPeople);
  }
  std::string metrics() const { return http_post(http_port, "/metrics", "", {}, "GET").body; }
};

bool posted(const FakeSlack& fake, const std::string& text) {
  for (const auto& p : fake.posted())
    if (p.text.find(text) != std::string::npos) return true;
  return false;
}

HttpAnswer github_webhook(unsigned short port, const std::string& body,
                          const std::string& secret = kGitHubSecret) {
  return http_post(port, "/signals/github", body,
                   {{"X-GitHub-Event", "issues"},
                    {"X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"},
                    {"X-Hub-Signature-256", "sha256=" + net::hmac_sha256_hex(secret, body)}});
}

}  // namespace

TEST_CASE("scribe run: the seed's items become GitHub issues and follow them both ways",
          "[integration][trackers]") {
  FakeSlack slack;
  FakeGitHub github;
  // The first create meets the secondary limit, the second a 429: both delay it.
  auto secondary = TestResponse::json(kSecondary, 403);
  secondary.headers.emplace_back("retry-after", "1");
  github.answer_next("POST /repos/acme/web/issues", secondary);
  auto limited = TestResponse::json(R"({"message": "API rate limit exceeded"})", 429);
  limited.headers.emplace_back("Retry-After", "1");
  github.answer_next("POST /repos/acme/web/issues", limited);

  TrackedScribe scribe(slack, github_sections(github, "off"));
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() == 1; }, 10s));
  const SeedResult seed = type_seed_incident(slack, kExample);
  INFO(scribe.logs());
  REQUIRE(github.wait_for_issues(3, 20s));
  REQUIRE(FakeSlack::eventually([&] { return posted(slack, "A-3 is now acme/web#3"); }, 10s));

  const auto issues = github.issues();
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].title == "Fix the query to close its connections");
  CHECK(issues[0].assignees == std::vector<std::string>{"samdev"});
  CHECK(issues[1].assignees == std::vector<std::string>{"leedev"});
  CHECK(issues[2].assignees == std::vector<std::string>{"danadev"});
  CHECK(issues[0].labels == std::vector<std::string>{"postmortem", "INC-1"});
  CHECK_THAT(issues[0].body, Catch::Contains("https://scribe.example.com/incidents/INC-1"));
  CHECK_THAT(issues[0].body,
             Catch::Contains("customer impact 40 minutes, detection gap 13 minutes"));
  CHECK(posted(slack, "A-1 is now acme/web#1 (https://github.com/acme/web/issues/1)"));
  CHECK_THAT(scribe.metrics(),
             Catch::Contains("scribe_tracker_rate_limit_waits_total{tracker=\"github\"} 2"));
  CHECK_THAT(scribe.metrics(),
             Catch::Contains("scribe_tracker_exports_total{tracker=\"github\"} 3"));

  // Closed on GitHub, told by webhook: A-1 is done, its owner is not reminded.
  const std::string closed = github.close(1, "samdev");
  CHECK(github_webhook(scribe.signals_port, closed, "forged").status == 401);
  const auto answer = github_webhook(scribe.signals_port, closed);
  CHECK(answer.status == 202);
  CHECK_THAT(answer.body, Catch::Contains("\"accepted\":1"));
  CHECK(FakeSlack::eventually(
      [&] { return posted(slack, "A-1 done: acme/web#1 in GitHub acme/web was closed by samdev"); },
      10s));

  // Done in chat: the issue is closed there, with a comment.
  slack.send_slash(seed.channel, "ULEE001", "lee", "done A-2");
  CHECK(FakeSlack::eventually(
      [&] {
        const auto i = github.issue(2);
        return i && i->closed && !i->comments.empty();
      },
      10s));
  CHECK_THAT(github.issue(2)->comments.at(0), Catch::Contains("Marked done in Scribe by"));
  CHECK(scribe.stop() == 0);

  // The open items are what reminders are sent for: only A-3 is left.
  const auto open = run_process({scribe_binary(), "actions", "--config", scribe.config_path});
  CHECK_THAT(open.out, Catch::Contains("A-3"));
  CHECK_THAT(open.out, !Catch::Contains("A-1"));
  CHECK_THAT(open.out, !Catch::Contains("A-2"));

  // Without a webhook: the poll finds A-3 closed on GitHub.
  scribe.configure(github_sections(github, "1s"));
  scribe.start();
  github.close(3, "danadev");
  CHECK(FakeSlack::eventually(
      [&] {
        return posted(slack, "A-3 done: acme/web#3 in GitHub acme/web was closed by danadev");
      },
      15s));
  CHECK(github.issues().size() == 3);
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe run: the seed's items become Jira issues, transitioned to done both ways",
          "[integration][trackers]") {
  FakeSlack slack;
  FakeJira jira;
  auto limited = TestResponse::json("", 429);
  limited.headers.emplace_back("Retry-After", "1");
  jira.answer_next("POST /rest/api/3/issue", limited);
  TrackedScribe scribe(slack, jira_sections(jira, "off"));
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() == 1; }, 10s));
  const SeedResult seed = type_seed_incident(slack, kExample);
  INFO(scribe.logs());
  REQUIRE(jira.wait_for_issues(3, 20s));
  REQUIRE(FakeSlack::eventually([&] { return posted(slack, "A-3 is now OPS-3"); }, 10s));
  const auto issues = jira.issues();
  CHECK(issues[0].assignees == std::vector<std::string>{"557058:sam"});
  CHECK(issues[0].labels == std::vector<std::string>{"postmortem", "INC-1", "scribe-A-1"});
  CHECK_FALSE(issues[0].due.empty());
  const auto description = boost::json::parse(issues[0].body);
  CHECK(description.at("type") == "doc");
  CHECK_THAT(issues[0].body, Catch::Contains("https://scribe.example.com/incidents/INC-1"));
  CHECK_THAT(scribe.metrics(),
             Catch::Contains("scribe_tracker_rate_limit_waits_total{tracker=\"jira\"} 1"));

  // Moved to Done in Jira, told by its webhook (signed with the secret).
  const std::string moved = jira.move_to_done(1);
  CHECK(http_post(scribe.signals_port, "/signals/jira", moved,
                  {{"X-Hub-Signature", "sha256=" + net::hmac_sha256_hex("wrong", moved)}})
            .status == 401);
  CHECK(http_post(scribe.signals_port, "/signals/jira", moved,
                  {{"X-Hub-Signature", "sha256=" + net::hmac_sha256_hex(kJiraSecret, moved)}})
            .status == 202);
  CHECK(FakeSlack::eventually(
      [&] { return posted(slack, "A-1 done: OPS-1 in Jira OPS was closed by Sam Dev"); }, 10s));
  // Done in chat: transitioned to the done category, with a comment.
  slack.send_slash(seed.channel, "ULEE001", "lee", "done A-2");
  CHECK(FakeSlack::eventually(
      [&] {
        const auto i = jira.issue(2);
        return i && i->closed && !i->comments.empty();
      },
      10s));
  CHECK(scribe.stop() == 0);
  // Polled: A-3 moved to Done with no webhook.
  scribe.configure(jira_sections(jira, "1s"));
  scribe.start();
  jira.move_to_done(3);
  CHECK(FakeSlack::eventually([&] { return posted(slack, "A-3 done: OPS-3 in Jira OPS"); }, 15s));
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe run: kill -9 after GitHub made the issue but before Scribe stored it, one issue",
          "[integration][trackers][crash]") {
  FakeSlack slack;
  FakeGitHub github;
  github.hold_create_answers(60s);  // the issue exists; its answer never arrives
  TrackedScribe scribe(slack, github_sections(github, "off"));
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return slack.connections() == 1; }, 10s));
  type_seed_incident(slack, kExample);
  const bool made = github.wait_for_issues(1, 20s);
  INFO(scribe.logs());
  REQUIRE(made);
  scribe.process->kill(SIGKILL);
  REQUIRE(scribe.process->wait(5s) == -SIGKILL);
  CHECK(github.issues().size() == 1);

  github.hold_create_answers(0ms);
  scribe.start();
  INFO(scribe.logs());
  REQUIRE(FakeSlack::eventually([&] { return posted(slack, "A-3 is now acme/web#"); }, 20s));
  CHECK(github.issues().size() == 3);  // not 4
  CHECK(scribe.logged("A-1 was already acme/web#1"));
  CHECK_THAT(scribe.metrics(),
             Catch::Contains("scribe_tracker_found_again_total{tracker=\"github\"} 1"));
  CHECK(scribe.stop() == 0);
}

TEST_CASE("scribe replay --export exports once and scribe actions --sync reads the tracker back",
          "[integration][trackers]") {
  FakeGitHub github;
  Workspace ws("UTC", github_sections(github, "off") + "[people]\nsam = { github = \"samdev\" }\n");
  auto r = ws.scribe({"replay", kExample, "--export"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Exporting 3 action items to GitHub acme/web."));
  CHECK_THAT(
      r.out,
      Catch::Contains(
          "A-1 is now acme/web#1 (https://github.com/acme/web/issues/1), assigned to @sam."));
  REQUIRE(github.issues().size() == 3);
  CHECK(github.issues()[0].assignees == std::vector<std::string>{"samdev"});

  r = ws.scribe({"replay", kExample, "--export"});  // the same transcript again
  CHECK_THAT(r.out, Catch::Contains("Exporting 0 action items"));
  CHECK(github.issues().size() == 3);

  github.close(2, "leedev");
  r = ws.scribe({"actions", "--sync"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out,
             Catch::Contains("A-2 done: acme/web#2 in GitHub acme/web was closed by leedev"));
  r = ws.scribe({"actions"});
  CHECK_THAT(r.out, Catch::Contains("A-1 [ ] @sam"));
  CHECK_THAT(r.out,
             Catch::Contains("\xE2\x86\x92 acme/web#1 (https://github.com/acme/web/issues/1)"));
  CHECK_THAT(r.out, !Catch::Contains("A-2 "));

  // A repository that does not exist: said once for the incident's items, not retried.
  Workspace wrong("UTC", "[trackers.github]\napi_url = \"" + github.base_url() +
                             "/\"\nrepo = \"acme/missing\"\ntoken = \"ghp-test-token\"\n");
  r = wrong.scribe({"replay", kExample, "--export"});
  CHECK_THAT(r.out, Catch::Contains("A-1, A-2 and A-3 could not be exported to GitHub acme/missing: "
                                    "HTTP 404: Not Found. Fix the [trackers] settings, then "
                                    "`/incident export INC-1`."));
  CHECK(count_of(r.out, "could not be exported") == 1);
  r = wrong.scribe({"actions", "--export"});
  CHECK_THAT(r.out, !Catch::Contains("could not be exported"));
  // Without a tracker the round is refused with the reason.
  Workspace none;
  REQUIRE(none.scribe({"replay", kExample}).exit_code == 0);
  r = none.scribe({"actions", "--export"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("no tracker is set up"));
}
