#include "bot/core/time.hpp"

#include <catch2/catch.hpp>

namespace {

using namespace scribe::core;
using namespace std::chrono_literals;
namespace chr = std::chrono;

Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return chr::sys_days{chr::year{y} / chr::month{mo} / chr::day{d}} + chr::hours{h} +
         chr::minutes{mi} + chr::seconds{s};
}

chr::year_month_day ymd(int y, unsigned mo, unsigned d) {
  return chr::year{y} / chr::month{mo} / chr::day{d};
}

// The instant found at the start of `tokens`; fails the test when there is none.
Instant found(const std::vector<std::string_view>& tokens, Instant now, std::string_view zone) {
  const TimeLookup lookup = find_leading_time(tokens, now, zone);
  INFO("error: " << lookup.error);
  REQUIRE(lookup.value.has_value());
  CHECK(lookup.error.empty());
  return lookup.value->at;
}

bool is_not_a_time(const std::vector<std::string_view>& tokens, Instant now) {
  const TimeLookup lookup = find_leading_time(tokens, now, "UTC");
  return !lookup.value && lookup.error.empty();
}

std::string refusal(const std::vector<std::string_view>& tokens, Instant now,
                    std::string_view zone = "UTC") {
  const TimeLookup lookup = find_leading_time(tokens, now, zone);
  CHECK_FALSE(lookup.value.has_value());
  return lookup.error;
}

constexpr std::string_view kNewYork = "America/New_York";
constexpr std::string_view kKolkata = "Asia/Kolkata";
constexpr std::string_view kLosAngeles = "America/Los_Angeles";

}  // namespace

TEST_CASE("zones are checked against the tz database", "[time]") {
  CHECK(is_valid_zone("UTC"));
  CHECK(is_valid_zone("America/New_York"));
  CHECK(is_valid_zone("Asia/Kolkata"));
  CHECK_FALSE(is_valid_zone("Mars/Olympus_Mons"));
  CHECK_FALSE(is_valid_zone(""));
  CHECK_FALSE(is_valid_zone("america/new_york"));
}

TEST_CASE("HH:MM is its most recent occurrence", "[time]") {
  const std::vector<std::string_view> typed{"14:31", "First", "503s"};

  SECTION("already passed today: today's") {
    const TimeLookup lookup = find_leading_time(typed, utc(2026, 3, 12, 15, 0), "UTC");
    REQUIRE(lookup.value);
    CHECK(lookup.value->at == utc(2026, 3, 12, 14, 31));
    CHECK(lookup.value->tokens_used == 1);
  }
  SECTION("not yet come today, and hours ahead: yesterday's") {
    CHECK(found(typed, utc(2026, 3, 12, 12, 0), "UTC") == utc(2026, 3, 11, 14, 31));
    CHECK(found({"23:50"}, utc(2026, 3, 12, 0, 30), "UTC") == utc(2026, 3, 11, 23, 50));
  }
  SECTION("less than 2 hours ahead: refused as the future, with the way to say yesterday") {
    // `detected 14:50` typed at 14:47 is a slip, not an incident a day long.
    // 14:50 in Berlin is 13:50 UTC: it has come.
    CHECK(found({"14:50"}, utc(2026, 3, 12, 14, 47), "Europe/Berlin") == utc(2026, 3, 12, 13, 50));
    const std::string slip = refusal({"15:50", "x"}, utc(2026, 3, 12, 14, 47), "Europe/Berlin");
    CHECK_THAT(slip, Catch::Contains("3 min ahead"));
    CHECK_THAT(slip, Catch::Contains("2026-03-12 15:47 CET"));
    CHECK_THAT(slip, Catch::Contains("2026-03-11 15:50"));
    CHECK_FALSE(refusal({"16:45"}, utc(2026, 3, 12, 14, 47)).empty());  // 1 h 58 min ahead
    CHECK(found({"16:48"}, utc(2026, 3, 12, 14, 47), "UTC") == utc(2026, 3, 11, 16, 48));
  }
  SECTION("now itself counts as come") {
    CHECK(found(typed, utc(2026, 3, 12, 14, 31), "UTC") == utc(2026, 3, 12, 14, 31));
    CHECK_THAT(refusal(typed, utc(2026, 3, 12, 14, 30, 59) + 999ms), Catch::Contains("ahead"));
  }
  SECTION("with seconds") {
    CHECK(found({"14:31:20", "x"}, utc(2026, 3, 12, 15, 0), "UTC") == utc(2026, 3, 12, 14, 31, 20));
  }
  SECTION("single-digit hour and a trailing comma") {
    CHECK(found({"9:05"}, utc(2026, 3, 12, 15, 0), "UTC") == utc(2026, 3, 12, 9, 5));
    CHECK(found({"14:31,", "first"}, utc(2026, 3, 12, 15, 0), "UTC") == utc(2026, 3, 12, 14, 31));
  }
  SECTION("am/pm, attached or as the next word") {
    const Instant now = utc(2026, 3, 12, 23, 0);
    CHECK(found({"2:30pm"}, now, "UTC") == utc(2026, 3, 12, 14, 30));
    CHECK(found({"12:15am"}, now, "UTC") == utc(2026, 3, 12, 0, 15));
    CHECK(found({"12:15PM"}, now, "UTC") == utc(2026, 3, 12, 12, 15));
    const TimeLookup spaced = find_leading_time({"2:30", "PM", "db", "down"}, now, "UTC");
    REQUIRE(spaced.value);
    CHECK(spaced.value->at == utc(2026, 3, 12, 14, 30));
    CHECK(spaced.value->tokens_used == 2);
  }
}

TEST_CASE("words and numbers are not times", "[time]") {
  const Instant now = utc(2026, 3, 12, 15, 0);
  CHECK(is_not_a_time({}, now));
  CHECK(is_not_a_time({"Deploy", "finished"}, now));
  CHECK(is_not_a_time({"503", "errors"}, now));
  CHECK(is_not_a_time({"v2.4.1", "rolled", "out"}, now));
  CHECK(is_not_a_time({"1:1", "with", "sam"}, now));
  CHECK(is_not_a_time({"123:45"}, now));
  CHECK(is_not_a_time({"-5%", "traffic"}, now));
  CHECK(is_not_a_time({"+2k", "errors"}, now));
  CHECK(is_not_a_time({"-5", "replicas"}, now));
  CHECK(is_not_a_time({""}, now));
}

TEST_CASE("impossible times are refused with a reason", "[time]") {
  const Instant now = utc(2026, 3, 12, 15, 0);
  CHECK_THAT(refusal({"25:00", "x"}, now), Catch::Contains("25:00"));
  CHECK_FALSE(refusal({"14:61"}, now).empty());
  CHECK_FALSE(refusal({"14:31:75"}, now).empty());
  CHECK_FALSE(refusal({"24:00"}, now).empty());
  CHECK_THAT(refusal({"13:00pm"}, now), Catch::Contains("1 to 12"));
  CHECK_THAT(refusal({"-0m", "x"}, now), Catch::Contains("-15m"));
  CHECK_THAT(refusal({"+15m"}, now), Catch::Contains("future"));
}

TEST_CASE("a full date and time uses two tokens and is never in the future", "[time]") {
  const Instant now = utc(2026, 3, 13, 12, 0);

  const TimeLookup lookup = find_leading_time({"2026-03-12", "14:31", "rollback"}, now, kNewYork);
  REQUIRE(lookup.value);
  CHECK(lookup.value->at == utc(2026, 3, 12, 18, 31));  // EDT is UTC-4 after 2026-03-08
  CHECK(lookup.value->tokens_used == 2);

  CHECK(found({"2026-03-12", "14:31:05"}, now, "UTC") == utc(2026, 3, 12, 14, 31, 5));
  CHECK(found({"2026-03-12T14:31"}, now, "UTC") == utc(2026, 3, 12, 14, 31));
  CHECK(found({"2026-03-12T14:31:00-05:00"}, now, kKolkata) == utc(2026, 3, 12, 19, 31));

  CHECK_THAT(refusal({"2026-03-13", "12:01"}, now), Catch::Contains("future"));
  CHECK_THAT(refusal({"2026-03-14", "09:00", "deploy"}, now), Catch::Contains("future"));
  CHECK_THAT(refusal({"2026-02-30", "10:00"}, now), Catch::Contains("2026-02-30"));
  CHECK_THAT(refusal({"2026-03-12", "deploy"}, now), Catch::Contains("time of day"));
  CHECK_FALSE(refusal({"2026-03-12", "25:00"}, now).empty());
  // Exactly now is not the future.
  CHECK(found({"2026-03-13", "12:00"}, now, "UTC") == now);
}

TEST_CASE("relative times count back from now", "[time]") {
  const Instant now = utc(2026, 3, 12, 15, 0) + 250ms;
  CHECK(found({"-15m", "paged"}, now, "UTC") == now - 15min);
  CHECK(found({"-2h"}, now, "UTC") == now - 2h);
  CHECK(found({"-90s"}, now, "UTC") == now - 90s);
  CHECK(found({"-1h30m"}, now, kKolkata) == now - 90min);
  CHECK(found({"-15m,", "paged"}, now, "UTC") == now - 15min);
}

TEST_CASE("the same wall-clock moment typed in different zones", "[time]") {
  const Instant now = utc(2026, 3, 12, 15, 0);
  // 14:31 UTC is 10:31 in New York (EDT, -04:00) and 20:01 in Kolkata (IST, +05:30).
  CHECK(found({"10:31"}, now, kNewYork) == utc(2026, 3, 12, 14, 31));
  CHECK(found({"20:01"}, now, kKolkata) == utc(2026, 3, 12, 14, 31));
  CHECK(found({"2026-03-12", "10:31"}, now, kNewYork) ==
        found({"2026-03-12", "20:01"}, now, kKolkata));
  // The same digits are different instants.
  CHECK(found({"14:31"}, utc(2026, 3, 12, 23, 0), kKolkata) == utc(2026, 3, 12, 9, 1));
}

TEST_CASE("an incident that crosses midnight", "[time]") {
  // 00:10 EDT on 2026-03-13; the incident began at 23:50 the evening before.
  const Instant now = utc(2026, 3, 13, 4, 10);
  const Instant began = found({"23:50", "alerts"}, now, kNewYork);
  CHECK(began == utc(2026, 3, 13, 3, 50));
  CHECK(local_date(began, kNewYork) == ymd(2026, 3, 12));
  CHECK(found({"00:05"}, now, kNewYork) == utc(2026, 3, 13, 4, 5));
  CHECK(format_date_time(began, kNewYork) == "2026-03-12 23:50 EDT");
}

TEST_CASE("the US spring-forward gap on 2026-03-08", "[time]") {
  const Instant later = utc(2026, 3, 9, 12, 0);
  // 02:00-03:00 never happened in New York: refused with the reason, never moved.
  const std::string reason = refusal({"2026-03-08", "02:30"}, later, kNewYork);
  CHECK_THAT(reason, Catch::Contains("never happened on 2026-03-08 in America/New_York"));
  CHECK_THAT(reason, Catch::Contains("from 02:00 EST straight to 03:00 EDT"));
  CHECK(found({"2026-03-08", "01:59"}, later, kNewYork) == utc(2026, 3, 8, 6, 59));  // EST
  CHECK(found({"2026-03-08", "03:00"}, later, kNewYork) == utc(2026, 3, 8, 7, 0));   // EDT
  // HH:MM on the day itself, once the gap has passed.
  CHECK_THAT(refusal({"02:30"}, utc(2026, 3, 8, 16, 0), kNewYork),
             Catch::Contains("never happened on 2026-03-08"));
  CHECK(format_date_time(utc(2026, 3, 8, 7, 0), kNewYork) == "2026-03-08 03:00 EDT");
}

TEST_CASE("the US fall-back fold on 2026-11-01", "[time]") {
  const Instant later = utc(2026, 11, 2, 12, 0);
  // 01:30 happened twice: at 05:30Z (EDT) and 06:30Z (EST); once both have
  // come, the later (the most recent) is taken.
  CHECK(found({"2026-11-01", "01:30"}, later, kNewYork) == utc(2026, 11, 1, 6, 30));
  CHECK(found({"2026-11-01", "00:30"}, later, kNewYork) == utc(2026, 11, 1, 4, 30));
  CHECK(found({"2026-11-01", "02:30"}, later, kNewYork) == utc(2026, 11, 1, 7, 30));
  // Between the two passes only the first 01:30 has happened.
  CHECK(found({"01:30"}, utc(2026, 11, 1, 6, 10), kNewYork) == utc(2026, 11, 1, 5, 30));
  // In the repeated hour, 10 minutes after the second 01:30: that one, not 70 minutes ago.
  CHECK(found({"01:30"}, utc(2026, 11, 1, 6, 40), kNewYork) == utc(2026, 11, 1, 6, 30));
  const TimeLookup read = find_leading_time({"01:30"}, utc(2026, 11, 1, 6, 40), kNewYork);
  REQUIRE(read.value);
  CHECK(describe_reading(*read.value, utc(2026, 11, 1, 6, 40), kNewYork) ==
        "\"01:30\" read as 2026-11-01 01:30 EST, 10 min ago");
  CHECK(format_date_time(utc(2026, 11, 1, 5, 30), kNewYork) == "2026-11-01 01:30 EDT");
  CHECK(format_date_time(utc(2026, 11, 1, 6, 30), kNewYork) == "2026-11-01 01:30 EST");
}

TEST_CASE("end_of_day is the next local midnight", "[time]") {
  CHECK(end_of_day(ymd(2026, 3, 12), kLosAngeles) == utc(2026, 3, 13, 7, 0));  // PDT
  CHECK(end_of_day(ymd(2026, 1, 15), kLosAngeles) == utc(2026, 1, 16, 8, 0));  // PST
  CHECK(end_of_day(ymd(2026, 3, 12), "UTC") == utc(2026, 3, 13));
  // The spring-forward day is 23 hours long, the fall-back day 25.
  CHECK(end_of_day(ymd(2026, 3, 8), kLosAngeles) - end_of_day(ymd(2026, 3, 7), kLosAngeles) == 23h);
  CHECK(end_of_day(ymd(2026, 11, 1), kLosAngeles) - end_of_day(ymd(2026, 10, 31), kLosAngeles) ==
        25h);
  // Havana springs forward at midnight: 2026-03-08 starts at 01:00 CDT.
  CHECK(end_of_day(ymd(2026, 3, 7), "America/Havana") == utc(2026, 3, 8, 5, 0));
  // Late is late only after the whole local day.
  const Instant last_minute = utc(2026, 3, 13, 6, 59);
  CHECK(local_date(last_minute, kLosAngeles) == ymd(2026, 3, 12));
  CHECK(last_minute < end_of_day(ymd(2026, 3, 12), kLosAngeles));
}

TEST_CASE("times are shown in the zone with its abbreviation", "[time]") {
  const Instant t = utc(2026, 3, 12, 14, 31, 59);
  CHECK(format_clock(t, "UTC") == "14:31");
  CHECK(format_clock(t, kKolkata) == "20:01");
  CHECK(format_date_time(t, "UTC") == "2026-03-12 14:31 UTC");
  CHECK(format_date_time(t, kNewYork) == "2026-03-12 10:31 EDT");
  CHECK(format_date_time(t, kKolkata) == "2026-03-12 20:01 IST");
  CHECK(format_date_time(t, "Asia/Colombo") == "2026-03-12 20:01 +0530");
  CHECK(zone_abbreviation(t, "Asia/Dubai") == "+04");
  CHECK(zone_abbreviation(utc(2026, 1, 15, 12, 0), kNewYork) == "EST");
  CHECK(zone_abbreviation(t, kNewYork) == "EDT");
  // A zone the database does not know shows UTC instead of failing.
  CHECK(format_date_time(t, "Not/A_Zone") == "2026-03-12 14:31 UTC");
  CHECK(format_date(ymd(2026, 3, 13)) == "2026-03-13");
  CHECK(compact_date(t, "UTC") == "20260312");
  CHECK(compact_date(utc(2026, 3, 12, 23, 30), kKolkata) == "20260313");
  CHECK(compact_date(utc(2026, 3, 13, 2, 0), kLosAngeles) == "20260312");
}

TEST_CASE("due dates", "[time]") {
  // 2026-03-12 is a Thursday; 18:00 UTC is the afternoon in New York too.
  const Instant now = utc(2026, 3, 12, 18, 0);
  const auto due = [&](std::string_view text) {
    const DueDateLookup lookup = parse_due_date(text, now, kNewYork);
    INFO(text << ": " << lookup.error);
    REQUIRE(lookup.value);
    CHECK(lookup.error.empty());
    return *lookup.value;
  };
  CHECK(due("2026-03-13") == ymd(2026, 3, 13));
  CHECK(due("today") == ymd(2026, 3, 12));
  CHECK(due("Tomorrow") == ymd(2026, 3, 13));
  CHECK(due("+3d") == ymd(2026, 3, 15));
  CHECK(due("+2w") == ymd(2026, 3, 26));
  CHECK(due("friday") == ymd(2026, 3, 13));
  CHECK(due("MON") == ymd(2026, 3, 16));
  CHECK(due("wed") == ymd(2026, 3, 18));
  // Said on a Thursday, "thursday" is next week's.
  CHECK(due("thursday") == ymd(2026, 3, 19));
  CHECK(due("thu") == ymd(2026, 3, 19));

  SECTION("relative to the local date") {
    const Instant evening_in_la = utc(2026, 3, 13, 2, 0);  // 19:00 PDT on the 12th
    CHECK(parse_due_date("tomorrow", evening_in_la, kLosAngeles).value == ymd(2026, 3, 13));
    CHECK(parse_due_date("tomorrow", evening_in_la, "UTC").value == ymd(2026, 3, 14));
  }
  SECTION("anything else says what is accepted") {
    for (const std::string_view bad : {"next week", "+3", "3d", "", "someday", "2026-13-01"}) {
      const DueDateLookup lookup = parse_due_date(bad, now, kNewYork);
      INFO(bad);
      CHECK_FALSE(lookup.value);
      CHECK_FALSE(lookup.error.empty());
    }
    CHECK_THAT(parse_due_date("next week", now, kNewYork).error, Catch::Contains("tomorrow"));
    CHECK_THAT(parse_due_date("2026-02-30", now, kNewYork).error, Catch::Contains("2026-02-30"));
  }
}

TEST_CASE("ISO-8601 timestamps from the platforms", "[time]") {
  CHECK(parse_iso8601("2026-03-12T14:46:10Z") == utc(2026, 3, 12, 14, 46, 10));
  CHECK(parse_iso8601("2026-03-12t14:46:10z") == utc(2026, 3, 12, 14, 46, 10));
  CHECK(parse_iso8601("2026-03-12T14:52:05-05:00") == utc(2026, 3, 12, 19, 52, 5));
  CHECK(parse_iso8601("2026-03-12T20:16:10+05:30") == utc(2026, 3, 12, 14, 46, 10));
  CHECK(parse_iso8601("2026-03-12T14:46:10.123Z") == utc(2026, 3, 12, 14, 46, 10) + 123ms);
  CHECK(parse_iso8601("2026-03-12T14:46:10.5Z") == utc(2026, 3, 12, 14, 46, 10) + 500ms);
  CHECK(parse_iso8601("2026-03-12T14:46:10.123456+00:00") == utc(2026, 3, 12, 14, 46, 10) + 123ms);
  CHECK(parse_iso8601("2026-03-13T00:30:00+01:00") == utc(2026, 3, 12, 23, 30));
  CHECK(to_epoch_ms(*parse_iso8601("1970-01-01T00:00:01Z")) == 1000);

  for (const std::string_view bad :
       {"", "junk", "2026-03-12", "2026-03-12T14:46:10", "2026-02-30T10:00:00Z",
        "2026-03-12T24:00:00Z", "2026-03-12T14:60:00Z", "2026-03-12T14:46:10Zjunk",
        "2026-03-12T14:46:10+5:30", "2026-03-12T14:46:10.Z", "2026-3-12T14:46:10Z",
        " 2026-03-12T14:46:10Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_iso8601(bad));
  }
}

TEST_CASE("durations", "[time]") {
  CHECK(parse_duration("30m") == Millis{30min});
  CHECK(parse_duration("1h") == Millis{1h});
  CHECK(parse_duration("24h") == Millis{24h});
  CHECK(parse_duration("2d") == Millis{48h});
  CHECK(parse_duration("90s") == Millis{90s});
  CHECK(parse_duration("1w") == Millis{7 * 24h});
  CHECK(parse_duration("1h30m") == Millis{90min});
  CHECK(parse_duration("45min") == Millis{45min});
  for (const std::string_view bad : {"", "0m", "0h0m", "abc", "-5m", "30", "m", "1.5h", "30m1h",
                                     "1h1h", "30 m", "9999999999h"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad));
  }
}

TEST_CASE("durations round to the nearest minute, ties to even", "[time]") {
  CHECK(round_to_minutes(8min + 30s) == 8);
  CHECK(round_to_minutes(9min + 30s) == 10);
  CHECK(round_to_minutes(19min + 20s) == 19);
  CHECK(round_to_minutes(19min + 40s) == 20);
  CHECK(round_to_minutes(40min) == 40);
  CHECK(round_to_minutes(Millis{29'999}) == 0);
  CHECK(round_to_minutes(30s) == 0);
  CHECK(round_to_minutes(90s) == 2);
  CHECK(round_to_minutes(Millis{0}) == 0);
  CHECK(round_to_minutes(-(8min + 30s)) == -8);
  CHECK(round_to_minutes(-(9min + 30s)) == -10);
  CHECK(round_to_minutes(-(19min + 20s)) == -19);
}

TEST_CASE("a time may carry its own zone, and the zone is not left in the text", "[time]") {
  constexpr std::string_view kBerlin = "Europe/Berlin";
  const Instant now = utc(2026, 7, 21, 12, 15);  // 14:15 CEST
  const auto read = [&](const std::vector<std::string_view>& tokens) {
    const TimeLookup lookup = find_leading_time(tokens, now, kBerlin);
    INFO("error: " << lookup.error);
    REQUIRE(lookup.value);
    return *lookup.value;
  };
  CHECK(read({"11:50", "UTC", "db", "failover"}).at == utc(2026, 7, 21, 11, 50));
  CHECK(read({"11:50", "UTC", "db"}).tokens_used == 2);
  CHECK(read({"11:40Z", "paged"}).at == utc(2026, 7, 21, 11, 40));
  CHECK(read({"11:40Z", "paged"}).tokens_used == 1);
  CHECK(read({"11:50", "GMT"}).at == utc(2026, 7, 21, 11, 50));
  CHECK(read({"13:52+02:00", "x"}).at == utc(2026, 7, 21, 11, 52));
  CHECK(read({"13:52", "+02:00", "x"}).at == utc(2026, 7, 21, 11, 52));
  CHECK(read({"13:52", "+02:00", "x"}).tokens_used == 2);
  CHECK(read({"07:30", "-0400"}).at == utc(2026, 7, 21, 11, 30));
  CHECK(read({"07:30", "America/New_York", "x"}).at == utc(2026, 7, 21, 11, 30));
  CHECK(read({"2026-07-21T11:50:00Z"}).at == utc(2026, 7, 21, 11, 50));
  CHECK(read({"2026-07-21", "11:50", "UTC"}).at == utc(2026, 7, 21, 11, 50));
  CHECK(read({"2026-07-21", "11:50", "UTC"}).tokens_used == 3);
  CHECK(read({"2026-07-21T11:50:00", "UTC"}).tokens_used == 2);
  CHECK(read({"2:30", "pm", "UTC"}).at == utc(2026, 7, 20, 14, 30));  // today's is hours ahead
  CHECK(read({"2:30", "pm", "UTC"}).tokens_used == 3);
  // The zone-less reading is the speaker's: 11:50 in Berlin is 09:50 UTC.
  CHECK(read({"11:50", "db"}).at == utc(2026, 7, 21, 9, 50));
  // Words that only look like zones stay text; the comma ends the time.
  CHECK(read({"11:50", "api/gateway"}).tokens_used == 1);
  CHECK(read({"11:50,", "UTC", "said"}).tokens_used == 1);
  CHECK(read({"11:50", "EST"}).tokens_used == 1);
  CHECK(is_not_a_time({"14:31x"}, now));
  // The echo names both readings.
  CHECK(describe_reading(read({"11:50", "UTC"}), now, kBerlin) ==
        "\"11:50 UTC\" read as 2026-07-21 11:50 UTC (2026-07-21 13:50 CEST for you), 25 min ago");
  CHECK(describe_reading(read({"13:52+02:00"}), now, kBerlin) ==
        "\"13:52+02:00\" read as 2026-07-21 13:52 +02:00 (2026-07-21 13:52 CEST for you), 23 min ago");
  // A typed zone in the future is refused like any other time.
  CHECK_THAT(refusal({"12:30", "UTC"}, now, kBerlin), Catch::Contains("ahead"));
}

TEST_CASE("relative times stop at 7 days, and say how long ago they are", "[time]") {
  const Instant now = utc(2026, 3, 12, 15, 0);
  CHECK(found({"-7d"}, now, "UTC") == now - chr::days{7});
  CHECK_THAT(refusal({"-8d"}, now), Catch::Contains("more than 7 days ago"));
  CHECK_THAT(refusal({"-3w"}, now), Catch::Contains("give the date and time"));
  const TimeLookup lookup = find_leading_time({"-2h5m"}, now, "UTC");
  REQUIRE(lookup.value);
  CHECK(lookup.value->relative);
  CHECK(describe_reading(*lookup.value, now, "UTC") ==
        "\"-2h5m\" read as 2026-03-12 12:55 UTC, 2 h 05 min ago");
}

TEST_CASE("due dates are the owner's, and a past one is refused", "[time]") {
  // 20:00 in New York on 2026-03-12 is already 2026-03-13 06:30 in Kolkata.
  const Instant now = utc(2026, 3, 13, 1, 0);
  CHECK(parse_due_date("today", now, kKolkata).value == ymd(2026, 3, 13));
  CHECK(parse_due_date("today", now, kNewYork).value == ymd(2026, 3, 12));
  CHECK(parse_due_date("2026-03-12", now, kNewYork).value == ymd(2026, 3, 12));
  const DueDateLookup past = parse_due_date("2026-03-12", now, kKolkata);
  CHECK_FALSE(past.value);
  CHECK_THAT(past.error, Catch::Contains("already passed"));
  CHECK_THAT(past.error, Catch::Contains("2026-03-13"));
  CHECK_THAT(parse_due_date("2020-01-01", now, "UTC").error, Catch::Contains("already passed"));
}
