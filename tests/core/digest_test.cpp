#include "bot/core/digest.hpp"

#include <catch2/catch.hpp>

#include "bot/core/time.hpp"

namespace {

using namespace scribe::core;
namespace chr = std::chrono;

Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return chr::sys_days{chr::year{y} / chr::month{mo} / chr::day{d}} + chr::hours{h} +
         chr::minutes{mi};
}

ActionItem item(std::int64_t number, const std::string& owner, const std::string& what,
                std::optional<chr::year_month_day> due, Instant created,
                std::optional<Instant> done = std::nullopt) {
  ActionItem a;
  a.number = number;
  a.incident = 1;
  a.owner = owner;
  a.description = what;
  a.due = due;
  a.created_at = created;
  a.done_at = done;
  if (done) a.done_by = owner;
  return a;
}

chr::year_month_day day(unsigned mo, unsigned d) {
  return chr::year{2026} / chr::month{mo} / chr::day{d};
}

std::string zone_of(const std::string& user) {
  return user == "sam" ? "America/Los_Angeles" : "UTC";
}

// The history: items from the db-pool incident, some done, some late.
std::vector<ActionItem> history() {
  const Instant created = utc(2026, 3, 12, 15, 20);
  return {
      item(1, "sam", "Fix the query", day(3, 13), created, utc(2026, 3, 18, 10)),
      item(2, "lee", "Add a linter rule", day(3, 26), created),
      item(3, "dana", "Shorten the uptime check", day(3, 19), created),
      item(4, "sam", "Alert on pool usage", day(3, 16), created),
      item(5, "dana", "Write the runbook", std::nullopt, created),
      // Came due long before the 90-day window: open, but not in the rate.
      item(6, "lee", "Old item", chr::year{2025} / chr::December / chr::day{1}, utc(2025, 11, 20)),
  };
}

}  // namespace

TEST_CASE("the completion rate counts items that came due in the window", "[digest]") {
  const auto rate = completion_rate(history(), utc(2026, 3, 23, 9), chr::days{90}, zone_of);
  // Came due: A-1 (done), A-3, A-4. A-2 is not due yet, A-5 has no date, A-6
  // came due before the window.
  CHECK(rate.came_due == 3);
  CHECK(rate.done == 1);
  CHECK(rate.percent() == 33);
  CHECK_FALSE(completion_rate({}, utc(2026, 3, 23), chr::days{90}, zone_of).percent());
}

TEST_CASE("an item comes due at the end of its date in the owner's zone", "[digest]") {
  const std::vector<ActionItem> items{item(1, "sam", "x", day(3, 13), utc(2026, 3, 1))};
  // 2026-03-14T06:59Z is still 2026-03-13 in Los Angeles.
  CHECK(completion_rate(items, utc(2026, 3, 14, 6, 59), chr::days{90}, zone_of).came_due == 0);
  CHECK(completion_rate(items, utc(2026, 3, 14, 7), chr::days{90}, zone_of).came_due == 1);
}

TEST_CASE("the digest lists open items by owner with days overdue and the week's closed ones",
          "[digest]") {
  DigestInput in;
  in.items = history();
  in.now = utc(2026, 3, 23, 9);
  in.owner_zone = zone_of;
  const std::string text = weekly_digest(in);
  INFO(text);
  CHECK_THAT(text,
             Catch::Contains("Weekly review of action items, 2026-03-16 to 2026-03-23 (UTC)"));
  CHECK_THAT(text, Catch::Contains("Open (5), by owner:"));
  CHECK_THAT(text, Catch::Contains("A-6 \xE2\x80\x94 Old item \xE2\x80\x94 due 2025-12-01"));
  // Owners in order, each with their items; days late in the owner's zone.
  const auto dana = text.find("@dana\n"), lee = text.find("@lee\n"), sam = text.find("@sam\n");
  REQUIRE(dana != std::string::npos);
  CHECK(dana < lee);
  CHECK(lee < sam);
  CHECK_THAT(text, Catch::Contains("A-3 \xE2\x80\x94 Shorten the uptime check \xE2\x80\x94 due "
                                   "2026-03-19 (INC-1) \xE2\x80\x94 4 days overdue"));
  // Due 03-16 in Los Angeles: late from 03-17T07:00Z; 03-23 is its 7th day late there.
  CHECK_THAT(text, Catch::Contains("A-4 \xE2\x80\x94 Alert on pool usage \xE2\x80\x94 due "
                                   "2026-03-16 (INC-1) \xE2\x80\x94 7 days overdue"));
  CHECK_THAT(text, Catch::Contains(
                       "A-2 \xE2\x80\x94 Add a linter rule \xE2\x80\x94 due 2026-03-26 (INC-1)\n"));
  CHECK_THAT(text, Catch::Contains("A-5 \xE2\x80\x94 Write the runbook \xE2\x80\x94 no due date"));
  CHECK_THAT(text, Catch::Contains("Closed this week (1):\n  A-1 @sam \xE2\x80\x94 Fix the query "
                                   "(INC-1) \xE2\x80\x94 done 2026-03-18"));
  CHECK_THAT(text, Catch::Contains("Completion rate over the last 90 days: 33% (1 done of 3 items "
                                   "that came due)."));
  CHECK_THAT(text, Catch::Contains("That is below the 80% target"));
}

TEST_CASE("a digest at or above target, or with nothing due, raises no alarm", "[digest]") {
  DigestInput in;
  in.now = utc(2026, 3, 23, 9);
  in.owner_zone = zone_of;
  in.items = {item(1, "sam", "Fix the query", day(3, 13), utc(2026, 3, 12), utc(2026, 3, 13))};
  std::string text = weekly_digest(in);
  CHECK_THAT(text, Catch::Contains("Open: none."));
  CHECK_THAT(text, Catch::Contains("Closed this week: none."));
  CHECK_THAT(text, Catch::Contains("100% (1 done of 1 item that came due)"));
  CHECK_THAT(text, !Catch::Contains("below"));

  in.items.clear();
  text = weekly_digest(in);
  CHECK_THAT(text, Catch::Contains("no action items came due in the last 90 days"));
  CHECK_THAT(text, !Catch::Contains("below"));

  in.items = history();
  in.policy.completion_target_percent = 0;  // the warning is off
  CHECK_THAT(weekly_digest(in), !Catch::Contains("below"));
}

TEST_CASE("a digest as of an earlier date ignores what happened after it", "[digest]") {
  DigestInput in;
  in.items = history();
  in.now = utc(2026, 3, 17, 9);
  in.owner_zone = zone_of;
  const std::string text = weekly_digest(in);
  INFO(text);
  // A-1 was done on 03-18: on 03-17 it is still open, its 4th day late in Los Angeles.
  CHECK_THAT(text, Catch::Contains("A-1 \xE2\x80\x94 Fix the query \xE2\x80\x94 due 2026-03-13 "
                                   "(INC-1) \xE2\x80\x94 4 days overdue"));
  CHECK_THAT(text, Catch::Contains("Closed this week: none."));
}
