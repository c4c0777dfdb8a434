#include "bot/core/follow_up_policy.hpp"

#include <catch2/catch.hpp>

#include "bot/core/time.hpp"

namespace {

using namespace scribe::core;
namespace chr = std::chrono;

Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return chr::sys_days{chr::year{y} / chr::month{mo} / chr::day{d}} + chr::hours{h} +
         chr::minutes{mi};
}

constexpr Millis kDay = chr::hours{24};

}  // namespace

TEST_CASE("reminder slots sit on a fixed grid from the moment an item is late",
          "[follow_up][policy]") {
  const Instant late = utc(2026, 3, 14, 7);
  SECTION("the first slot is the moment it is late") {
    CHECK(next_slot(late, kDay, utc(2026, 3, 12, 15), std::nullopt) == late);
  }
  SECTION("after a reminder, the next slot is one period after that reminder's slot") {
    CHECK(next_slot(late, kDay, std::nullopt, late) == late + kDay);
    CHECK(next_slot(late, kDay, std::nullopt, late + 3 * kDay) == late + 4 * kDay);
  }
  SECTION("an item created already late waits for the next slot after its creation") {
    CHECK(next_slot(late, kDay, late + chr::hours{30}, std::nullopt) == late + 2 * kDay);
    CHECK(next_slot(late, kDay, late, std::nullopt) == late + kDay);
  }
  SECTION("a log entry from before the grid (the config changed) restarts at the grid") {
    CHECK(next_slot(late, kDay, std::nullopt, late - 5 * kDay) == late);
  }
  SECTION("a late check lands on the slot it belongs to, not on the check's time") {
    CHECK(latest_slot(late, kDay, late + 3 * kDay + chr::hours{5}) == late + 3 * kDay);
    CHECK(latest_slot(late, kDay, late + kDay) == late + kDay);
    CHECK(latest_slot(late, kDay, late - chr::hours{1}) == late);
  }
}

TEST_CASE("update nudges wait by severity, no severity counts as P3", "[follow_up][policy]") {
  NudgePolicy policy;
  CHECK(update_after(policy, Severity::p1) == chr::minutes{15});
  CHECK(update_after(policy, Severity::p2) == chr::minutes{30});
  CHECK(update_after(policy, Severity::p3) == chr::hours{2});
  CHECK(update_after(policy, Severity::p4) == Millis{0});  // off
  CHECK(update_after(policy, std::nullopt) == chr::hours{2});
}

TEST_CASE("the weekly digest falls on its weekday and local time, across DST",
          "[follow_up][policy]") {
  const auto nine = chr::hours{9};
  SECTION("UTC: Mondays 09:00") {
    // 2026-03-12 is a Thursday.
    CHECK(next_weekly(utc(2026, 3, 12, 15), chr::Monday, nine, "UTC") == utc(2026, 3, 16, 9));
    CHECK(next_weekly(utc(2026, 3, 16, 9), chr::Monday, nine, "UTC") == utc(2026, 3, 23, 9));
    CHECK(next_weekly(utc(2026, 3, 16, 8, 59), chr::Monday, nine, "UTC") == utc(2026, 3, 16, 9));
    CHECK(latest_weekly(utc(2026, 3, 16, 9), chr::Monday, nine, "UTC") == utc(2026, 3, 16, 9));
    CHECK(latest_weekly(utc(2026, 3, 22, 23), chr::Monday, nine, "UTC") == utc(2026, 3, 16, 9));
  }
  SECTION("New York: 09:00 EST before 2026-03-08, 09:00 EDT after") {
    CHECK(next_weekly(utc(2026, 3, 1), chr::Monday, nine, "America/New_York") ==
          utc(2026, 3, 2, 14));
    CHECK(next_weekly(utc(2026, 3, 2, 14), chr::Monday, nine, "America/New_York") ==
          utc(2026, 3, 9, 13));
  }
  SECTION("Kolkata: the local Monday starts on Sunday in UTC") {
    CHECK(next_weekly(utc(2026, 3, 15, 12), chr::Monday, chr::hours{1}, "Asia/Kolkata") ==
          utc(2026, 3, 15, 19, 30));
  }
}
