// The tracker loop in process, against the fake GitHub and Jira: each export
// once, the issue it may have made found before another is made, rate limits
// waited out on a clock the test drives, refusals said once, and the state
// followed both ways.
#include "adapters/trackers/tracker_sync.hpp"

#include <catch2/catch.hpp>

#include "adapters/trackers/github_issues.hpp"
#include "adapters/trackers/jira_issues.hpp"
#include "tests/net/net_test_support.hpp"
#include "tests/support/engine_fixture.hpp"
#include "tests/support/fake_trackers.hpp"

using namespace scribe;
using namespace std::chrono_literals;
using test::EngineFixture;

namespace {

const std::string kSecondary =
    R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://developer.github.com/v3/#secondary-rate-limits"})";

// An engine exporting to `system`, the seed's figures and two action items.
struct Loop {
  EngineFixture chat;
  core::IncidentEngine engine;
  boost::asio::io_context io;
  boost::asio::ssl::context tls = net::testing::test_ca_context();
  net::HttpClient http{io.get_executor(), tls};
  net::ManualClock clock;
  std::unique_ptr<trackers::TrackerApi> api;
  std::unique_ptr<trackers::TrackerSync> sync;
  std::string posted;

  Loop(const std::string& system, const std::string& where)
      : engine(*chat.store, options(system, where)) {
    say("2026-03-12T14:46:10Z", "/incident start API returning 503s sev:P1");
    say("2026-03-12T14:46:40Z", "/incident detected 14:44 PingBase alert");
    say("2026-03-12T15:06:00Z", "/incident impact 14:31 First 503s");
    say("2026-03-12T15:11:00Z", "/incident resolved");
    say("2026-03-12T15:20:00Z", "/incident action @sam Fix the query due 2026-03-13");
    say("2026-03-12T15:21:00Z", "/incident action @lee Add a linter rule due 2026-03-26");
  }
  static core::EngineOptions options(const std::string& system, const std::string& where) {
    auto o = EngineFixture::default_options();
    o.tracker = core::TrackerTarget{system, where, core::ExportWhen::manual};
    o.web_base_url = "https://scribe.example.com";
    return o;
  }
  std::string say(const std::string& iso, const std::string& text,
                  const std::string& who = "dana") {
    return EngineFixture::replies(engine.handle(chat.message(iso, who, text)));
  }
  // One round; how long it waited on the clock.
  net::SteadyClock::duration round(bool poll = false) {
    return net::testing::run_fast_forward(io, clock, sync->round(poll));
  }
  core::ActionItem item(std::int64_t n) { return *chat.store->actions().find(n); }
  // The tracker's client and the loop over it; sam's account there assigns A-1.
  void attach(std::unique_ptr<trackers::TrackerApi> made, const std::string& sams_account) {
    api = std::move(made);
    trackers::TrackerSyncOptions o;
    o.assignees = {{"sam", sams_account}};
    sync = std::make_unique<trackers::TrackerSync>(
        io.get_executor(), engine, *api, o,
        [this](std::vector<core::ScheduledEffect> effects) {
          for (const auto& e : effects)
            if (const auto* m = std::get_if<core::PostMessage>(&e.effect)) posted += m->text + "\n";
        },
        clock);
  }
};

struct GitHubLoop : Loop {
  test::FakeGitHub fake;
  explicit GitHubLoop(const std::string& repo = "acme/web") : Loop("github", repo) {
    attach(
        trackers::make_github_issues(
            http,
            trackers::GitHubConfig{fake.base_url() + "/", repo, "ghp-test-token", {"postmortem"}}),
        "samdev");
  }
};

struct JiraLoop : Loop {
  test::FakeJira fake;
  JiraLoop() : Loop("jira", "OPS") {
    attach(trackers::make_jira_issues(
               http, trackers::JiraConfig{fake.base_url() + "/", "OPS", "bot@example.com",
                                          "jira-test-token", "Task", ""}),
           "557058:sam");
  }
};

// The create a run made before it died: the issue exists, its answer was lost.
// (Parameters, not lambda captures: a coroutine outlives a temporary lambda.)
boost::asio::awaitable<void> create_behind_the_loop(trackers::TrackerApi& api,
                                                    core::TrackerIssue issue) {
  const auto made = co_await api.create(issue, "");
  REQUIRE(made.ok());
}

}  // namespace

TEST_CASE("GitHub: each asked item becomes one issue with labels and assignee and the marker",
          "[trackers]") {
  GitHubLoop loop;
  loop.say("2026-03-12T15:22:00Z", "/incident export INC-1");
  loop.round();
  const auto issues = loop.fake.issues();
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].title == "Fix the query");
  CHECK(issues[0].labels == std::vector<std::string>{"postmortem", "INC-1"});
  CHECK(issues[0].assignees == std::vector<std::string>{"samdev"});
  CHECK(issues[1].assignees.empty());  // lee has no GitHub account in [people]
  CHECK_THAT(issues[0].body, Catch::Contains("Owner: @sam. Due 2026-03-13."));
  CHECK_THAT(issues[0].body, Catch::Contains("https://scribe.example.com/incidents/INC-1"));
  CHECK_THAT(issues[0].body, Catch::EndsWith("<!-- scribe-A-1 -->"));
  const auto linked = loop.item(1).tracker;
  CHECK(linked.state == core::TrackerLink::State::linked);
  CHECK(linked.key == "acme/web#1");
  CHECK(linked.url == "https://github.com/acme/web/issues/1");
  CHECK_THAT(loop.posted,
             Catch::Contains("A-1 is now acme/web#1 (https://github.com/acme/web/issues/1)"));
  CHECK(loop.sync->stats().exported == 2);

  const auto requests = loop.fake.requests().size();
  loop.round();  // nothing left to do: nothing sent
  CHECK(loop.fake.requests().size() == requests);
  CHECK(loop.fake.issues().size() == 2);
}

TEST_CASE("GitHub: an issue made before a crash is found by its marker and not made again",
          "[trackers]") {
  GitHubLoop loop;
  loop.say("2026-03-12T15:22:00Z", "/incident export A-1");
  // The last run sent the create and the tracker made the issue, but the run
  // died before it stored the key: the item is left `creating`.
  const auto issue = loop.engine.tracker_issue(loop.item(1));
  loop.engine.tracker_export_starting(1);
  net::testing::run(loop.io, create_behind_the_loop(*loop.api, issue));
  REQUIRE(loop.fake.issues().size() == 1);
  loop.round();
  CHECK(loop.fake.issues().size() == 1);
  CHECK(loop.item(1).tracker.key == "acme/web#1");
  CHECK(loop.sync->stats().found_again == 1);
  CHECK(loop.sync->stats().exported == 0);

  // A create lost before the tracker saw it: looked for, not found, made once.
  loop.say("2026-03-12T15:23:00Z", "/incident export A-2");
  // Dropped twice: the client sends once more on a fresh connection by itself.
  loop.fake.answer_next(
      "POST /repos/acme/web/issues",
      [] {
        test::TestResponse dropped;
        dropped.drop_connection = true;
        return dropped;
      }(),
      2);
  loop.round();
  CHECK(loop.item(2).tracker.state == core::TrackerLink::State::creating);
  loop.round();
  CHECK(loop.fake.issues().size() == 2);
  CHECK(loop.item(2).tracker.key == "acme/web#2");
}

TEST_CASE("GitHub: an issue whose labels GitHub dropped is found among the newest", "[trackers]") {
  GitHubLoop loop;
  loop.fake.drop_labels_and_assignees(true);  // a token without push access
  loop.say("2026-03-12T15:22:00Z", "/incident export A-1");
  const auto issue = loop.engine.tracker_issue(loop.item(1));
  loop.engine.tracker_export_starting(1);
  net::testing::run(loop.io, create_behind_the_loop(*loop.api, issue));
  REQUIRE(loop.fake.issue(1)->labels.empty());
  loop.round();
  CHECK(loop.fake.issues().size() == 1);
  CHECK(loop.item(1).tracker.key == "acme/web#1");
  CHECK_THAT(loop.fake.requests().back().target, Catch::Contains("direction=desc"));
}

TEST_CASE("GitHub: a secondary rate limit and a 429 delay the export and lose nothing",
          "[trackers]") {
  GitHubLoop loop;
  loop.say("2026-03-12T15:22:00Z", "/incident export INC-1");
  loop.fake.answer_next("POST /repos/acme/web/issues", test::TestResponse::json(kSecondary, 403));
  auto limited =
      test::TestResponse::json(R"({"message": "You have exceeded a secondary rate limit"})", 429);
  limited.headers.emplace_back("Retry-After", "7");
  loop.fake.answer_next("POST /repos/acme/web/issues", limited);
  const auto waited = loop.round();
  CHECK(waited >= 67s);  // octokit's 60 s without Retry-After, then the 7 s asked for
  CHECK(waited < 70s);
  CHECK(loop.fake.issues().size() == 2);
  CHECK(loop.sync->stats().rate_limit_waits == 2);
  CHECK(loop.item(1).tracker.state == core::TrackerLink::State::linked);
  CHECK(loop.item(2).tracker.state == core::TrackerLink::State::linked);
}

TEST_CASE("GitHub: a refused export is said once in the channel and not repeated", "[trackers]") {
  GitHubLoop loop("acme/missing");
  loop.say("2026-03-12T15:22:00Z", "/incident export A-1");
  loop.round();
  CHECK(loop.item(1).tracker.state == core::TrackerLink::State::failed);
  CHECK_THAT(
      loop.posted,
      Catch::Contains("A-1 could not be exported to GitHub acme/missing: HTTP 404: Not Found"));
  CHECK(loop.sync->stats().refused == 1);
  const auto requests = loop.fake.requests().size();
  loop.posted.clear();
  loop.round();
  CHECK(loop.posted.empty());
  CHECK(loop.fake.requests().size() == requests);
}

TEST_CASE("GitHub: done in chat closes the issue with a comment and a poll follows a close there",
          "[trackers]") {
  GitHubLoop loop;
  loop.say("2026-03-12T15:22:00Z", "/incident export INC-1");
  loop.round();
  loop.say("2026-03-12T16:00:00Z", "/incident done A-1");
  loop.round();
  const auto first = *loop.fake.issue(1);
  CHECK(first.closed);
  REQUIRE(first.comments.size() == 1);
  CHECK_THAT(first.comments[0], Catch::Contains("Marked done in Scribe by @dana (A-1, INC-1)"));
  CHECK(loop.sync->stats().closed == 1);
  loop.round();  // closed once: no second comment
  CHECK(loop.fake.issue(1)->comments.size() == 1);

  loop.fake.close(2, "leedev");
  loop.round(true);
  CHECK(loop.item(2).done_at);
  CHECK_THAT(loop.posted,
             Catch::Contains("A-2 done: acme/web#2 in GitHub acme/web was closed by leedev"));
  // Later polls ask for what changed since the last, in one query: a reopen
  // of an issue closed on both sides is seen too.
  const auto before = loop.fake.requests().size();
  loop.fake.reopen(2, "leedev");
  loop.round(true);
  CHECK_FALSE(loop.item(2).done_at);
  CHECK_THAT(loop.posted, Catch::Contains("A-2 is open again"));
  const auto requests = loop.fake.requests();
  REQUIRE(requests.size() == before + 1);
  CHECK_THAT(requests.back().target, Catch::Contains("&since=2"));
  CHECK_THAT(requests.back().target, Catch::Contains("&labels=postmortem"));
}

TEST_CASE("GitHub: the first poll reads only the issues still open there", "[trackers]") {
  GitHubLoop loop;
  loop.say("2026-03-12T15:22:00Z", "/incident export INC-1");
  loop.round();
  loop.say("2026-03-12T16:00:00Z", "/incident done A-1");
  loop.round();  // closes acme/web#1
  const auto before = loop.fake.requests().size();
  loop.round(true);
  const auto requests = loop.fake.requests();
  REQUIRE(requests.size() == before + 1);  // #2 only: #1 is closed on both sides
  CHECK(requests.back().target == "/repos/acme/web/issues/2");
}

TEST_CASE(
    "Jira: an ADF description and due date and assignee, a transition to done, a 429 waited out",
    "[trackers]") {
  JiraLoop loop;
  loop.say("2026-03-12T15:22:00Z", "/incident export INC-1");
  auto limited = test::TestResponse::json("", 429);
  limited.headers.emplace_back("Retry-After", "10");
  loop.fake.answer_next("POST /rest/api/3/issue", limited);
  const auto waited = loop.round();
  CHECK(waited >= 10s);
  CHECK(waited < 12s);
  const auto issues = loop.fake.issues();
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].key == "OPS-1");
  CHECK(issues[0].title == "Fix the query");
  CHECK(issues[0].due == "2026-03-13");
  CHECK(issues[0].assignees == std::vector<std::string>{"557058:sam"});
  CHECK(issues[0].labels == std::vector<std::string>{"postmortem", "INC-1", "scribe-A-1"});
  CHECK_THAT(issues[0].body,
             Catch::StartsWith(R"({"type":"doc","version":1,"content":[{"type":"paragraph")"));
  CHECK(loop.item(1).tracker.url == loop.fake.base_url() + "/browse/OPS-1");

  loop.say("2026-03-12T16:00:00Z", "/incident done A-1");
  loop.round();
  CHECK(loop.fake.issue(1)->closed);
  REQUIRE(loop.fake.issue(1)->comments.size() == 1);
  CHECK_THAT(loop.fake.issue(1)->comments[0], Catch::Contains("Marked done in Scribe by @dana"));
  bool transitioned = false;
  for (const auto& r : loop.fake.requests())
    transitioned =
        transitioned || (r.method == "POST" && r.path() == "/rest/api/3/issue/OPS-1/transitions" &&
                         r.body == R"({"transition":{"id":"31"}})");
  CHECK(transitioned);  // the transition to the done category, by id

  loop.fake.move_to_done(2);
  loop.round(true);
  CHECK(loop.item(2).done_at);
  CHECK_THAT(loop.posted, Catch::Contains("A-2 done: OPS-2 in Jira OPS was closed"));
  loop.fake.move_to_todo(2);  // the next poll: one JQL query for what changed
  loop.round(true);
  CHECK_FALSE(loop.item(2).done_at);
  CHECK_THAT(loop.fake.requests().back().body, Catch::Contains(R"(updated >= \"-)"));
}

TEST_CASE("Jira: an issue made before a crash is found with JQL by its marker label",
          "[trackers]") {
  JiraLoop loop;
  loop.say("2026-03-12T15:22:00Z", "/incident export A-1");
  const auto issue = loop.engine.tracker_issue(loop.item(1));
  loop.engine.tracker_export_starting(1);
  net::testing::run(loop.io, create_behind_the_loop(*loop.api, issue));
  loop.round();
  CHECK(loop.fake.issues().size() == 1);
  CHECK(loop.item(1).tracker.key == "OPS-1");
  CHECK(loop.sync->stats().found_again == 1);
}
