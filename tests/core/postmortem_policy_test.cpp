#include "bot/core/postmortem_policy.hpp"

#include <catch2/catch.hpp>

namespace {

using namespace scribe::core;

Incident incident(std::optional<Severity> severity) {
  Incident inc;
  inc.number = 4;
  inc.severity = severity;
  return inc;
}

PostmortemFigures impact_of(int minutes) {
  PostmortemFigures f;
  const Instant start = from_epoch_ms(1'773'325'860'000);
  f.customer_impact = Span{start, start + std::chrono::minutes{minutes}};
  return f;
}

}  // namespace

TEST_CASE("severity at or above the threshold needs a full postmortem", "[postmortem][policy]") {
  const PostmortemPolicy policy;  // P2, 30 min
  CHECK(postmortem_requirement(incident(Severity::p1), {}, policy).required);
  CHECK(postmortem_requirement(incident(Severity::p2), {}, policy).required);
  CHECK(postmortem_requirement(incident(Severity::p2), {}, policy).reason == "P2");
  CHECK_FALSE(postmortem_requirement(incident(Severity::p3), {}, policy).required);
  CHECK_FALSE(postmortem_requirement(incident(std::nullopt), {}, policy).required);
}

TEST_CASE("long customer impact needs one whatever the severity", "[postmortem][policy]") {
  const PostmortemPolicy policy;
  const auto long_impact = postmortem_requirement(incident(Severity::p4), impact_of(45), policy);
  CHECK(long_impact.required);
  CHECK(long_impact.reason == "45 min of customer impact");
  CHECK(postmortem_requirement(incident(Severity::p4), impact_of(30), policy).required);
  const auto short_impact = postmortem_requirement(incident(Severity::p3), impact_of(12), policy);
  CHECK_FALSE(short_impact.required);
  CHECK(short_impact.reason == "P3, 12 min of customer impact");
  CHECK(postmortem_requirement(incident(Severity::p1), impact_of(40), policy).reason ==
        "P1; 40 min of customer impact");
}

TEST_CASE("either threshold can be turned off", "[postmortem][policy]") {
  PostmortemPolicy policy;
  policy.required_severity.reset();
  CHECK_FALSE(postmortem_requirement(incident(Severity::p1), impact_of(10), policy).required);
  CHECK(postmortem_requirement(incident(Severity::p1), impact_of(31), policy).required);
  policy.required_impact_minutes = 0;
  CHECK_FALSE(postmortem_requirement(incident(Severity::p1), impact_of(300), policy).required);
}

TEST_CASE("the close sentence says which, and how to name a reviewer", "[postmortem][policy]") {
  Incident inc = incident(Severity::p1);
  const auto required = postmortem_requirement(inc, impact_of(40), PostmortemPolicy{});
  CHECK_THAT(postmortem_requirement_sentence(inc, required),
             Catch::StartsWith("A full postmortem is required (P1; 40 min of customer impact)") &&
                 Catch::Contains("`/incident reviewer @name INC-4`"));
  inc.reviewers = {"lee"};
  CHECK_THAT(postmortem_requirement_sentence(inc, required), !Catch::Contains("reviewer @name"));
  Incident minor = incident(Severity::p4);
  CHECK_THAT(
      postmortem_requirement_sentence(minor, postmortem_requirement(minor, {}, PostmortemPolicy{})),
      Catch::StartsWith("No full postmortem is required (P4, no customer impact recorded)"));
}
