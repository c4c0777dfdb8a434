// The blameless review: it must catch a person named as the cause, and stay
// quiet about systems and processes, or people learn to ignore it.
#include "bot/core/postmortem.hpp"

#include <catch2/catch.hpp>

namespace {

using scribe::core::BlameFinding;
using scribe::core::review_blame;

BlameFinding only_finding(const std::string& text) {
  const auto findings = review_blame(text);
  INFO(text);
  REQUIRE(findings.size() == 1);
  return findings.front();
}

}  // namespace

TEST_CASE("a person made the cause of a failure is flagged", "[blameless]") {
  SECTION("an @mention that didn't do something") {
    const auto finding = only_finding("@alice didn't test in staging");
    CHECK(finding.sentence == "@alice didn't test in staging");
    CHECK(finding.who == "@alice");
    CHECK(finding.suggestion ==
          "Describe the condition that allowed it, e.g. 'nothing required anyone to test in "
          "staging'");
  }
  SECTION("a capitalised name that forgot") {
    const auto finding = only_finding("Bob forgot to renew the certificate.");
    CHECK(finding.who == "Bob");
    CHECK_THAT(finding.suggestion,
               Catch::Contains("'nothing reminded anyone to renew the certificate'"));
  }
  SECTION("a full name that pushed without review") {
    const auto finding = only_finding("Bob Smith pushed the hotfix without review");
    CHECK(finding.who == "Bob Smith");
    CHECK_THAT(finding.suggestion, Catch::Contains("'the hotfix could be pushed without review'"));
  }
  SECTION("the other blame phrases") {
    CHECK(only_finding("Alice should have checked the dashboard").who == "Alice");
    CHECK(only_finding("Sam missed the page").who == "Sam");
    CHECK(only_finding("Yesterday Carol broke the build").who == "Carol");
    CHECK(only_finding("Dave caused the outage").who == "Dave");
    CHECK(only_finding("Erin failed to rotate the key").who == "Erin");
    CHECK(only_finding("Frank neglected to update the runbook").who == "Frank");
    CHECK(only_finding("@sam did not roll back").who == "@sam");
    CHECK(only_finding("@lee also never tested the migration").who == "@lee");
    CHECK(only_finding("He forgot the flag").who == "He");
  }
  SECTION("mentions in the forms the platforms send") {
    CHECK(only_finding("<@U024BE7LH|alice> broke checkout").who == "@alice");
    CHECK(only_finding("@alice:example.org forgot to renew it").who == "@alice:example.org");
  }
  SECTION("a person's change, and blame in the passive") {
    CHECK(only_finding("@sam's deploy caused the outage").who == "@sam");
    CHECK(only_finding("The outage was caused by @dana's config change").who == "@dana");
    CHECK(only_finding("The build was broken by Bob").who == "Bob");
  }
  SECTION("each sentence on its own, quoted as written") {
    const auto findings = review_blame(
        "The pool ran dry at 14:31. @alice didn't test in staging! Then Bob forgot the flag.\n"
        "Nobody was paged");
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].sentence == "@alice didn't test in staging!");
    CHECK(findings[1].sentence == "Then Bob forgot the flag.");
  }
}

TEST_CASE("the commoner blame: human error, judgements, faults, procedures, hindsight, roles",
          "[blameless]") {
  const std::pair<const char*, const char*> flagged[] = {
      {"The outage was caused by human error.", "human error"},
      {"Root cause: operator error during the failover.", "operator error"},
      {"Bob was careless with the production credentials.", "Bob"},
      {"@alice was negligent.", "@alice"},
      {"The new hire was sloppy with the migration.", "The new hire"},
      {"It was Bob's mistake.", "Bob"},
      {"This was @sam's fault.", "@sam"},
      {"The on-call's fault, really.", "The on-call"},
      {"Dana failed to follow the runbook.", "Dana"},
      {"They didn't follow the procedure for schema changes.", "They"},
      {"Sam should have known the flag was global.", "Sam"},
      {"the on-call engineer failed to escalate", "the on-call engineer"},
      {"The new hire broke prod with a config push.", "The new hire"},
      {"Our DBA dropped the wrong table without a backup.", "Our DBA"},
  };
  for (const auto& [text, who] : flagged) {
    const auto finding = only_finding(text);
    CHECK(finding.sentence == text);
    CHECK(finding.who == who);
    CHECK_FALSE(finding.suggestion.empty());
  }
  // Each quotes its sentence only: the others around it stay out.
  const auto findings =
      review_blame("The pool ran dry. It was caused by human error. Alerts fired late.");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].sentence == "It was caused by human error.");
  CHECK_THAT(findings[0].suggestion, Catch::Contains("condition that made the mistake easy"));
}

TEST_CASE("systems, processes and the team are not flagged", "[blameless]") {
  const char* const blameless[] = {
      // The example incident's five whys, summary and cause.
      "The database ran out of connections",
      "A new query in v2.4.1 opened connections without closing them",
      "Code review didn't catch the connection leak",
      "We have no automated checks for unclosed database resources",
      "We never added linting rules for resource management in this language",
      "A query added in v2.4.1 leaked database connections; the pool ran dry and API routes "
      "returned 503 for 40 minutes until a hotfix shipped.",
      "PingBase alert fires: /api/health returning 503",
      // Capitalised things that are not people.
      "Review didn't catch it.",
      "Monitoring failed to page anyone.",
      "Alerts didn't fire for 13 minutes.",
      "Backups failed to restore.",
      "PagerDuty didn't page the secondary.",
      "CI didn't run the integration tests.",
      "The alert from Datadog didn't fire.",
      "Postgres failed to start after the upgrade.",
      "After the upgrade Kubernetes failed to schedule the pods.",
      "It broke the build.",
      "This caused the outage.",
      "Our runbook missed the step.",
      "Nobody forgot anything; the process had no step for it.",
      "I should have been paged earlier.",
      "/incident why Alerts didn't fire",
      "- Deploys went out without review",
      "Connections were never returned to the pool.",
      "The deploy by the release train broke nothing.",
      "Checkout failed to load for 18% of users.",
      "Search didn't return results.",
      "Payments failed to process.",
      "Engineers missed the alert because it went to a muted channel.",
      // Systemic sentences that share words with blame.
      "Nothing blocked unreviewed pushes.",
      "The Forgot-Password page stayed up.",
      "the deploy failed to roll back",
      "The script failed to follow the redirect.",
      "The on-call engineer didn't get paged.",
      "The runbook had no step for a full disk.",
      "Human review is not required for config changes.",
      "The error budget was spent in two hours.",
      "The new hire onboarding doc was out of date.",
      "Fault injection found the gap a week later.",
      "A careful rollback took 20 minutes.",
  };
  for (const char* text : blameless) {
    INFO(text);
    const auto findings = review_blame(text);
    CHECK(findings.empty());
    for (const auto& f : findings) INFO(f.who);
  }
  CHECK(review_blame("").empty());
}
