// Times people type and times people read, in IANA zones, on Howard Hinnant's
// date/tz over the system tz database. The zone-free parsers (ISO-8601,
// durations, rounding) are in time_text.cpp.
#include "bot/core/time.hpp"

#include "bot/core/time_detail.hpp"

#include <array>
#include <cstdio>
#include <exception>

namespace scribe::core {
namespace {

namespace chr = std::chrono;
using namespace time_detail;

// The instant a local wall-clock time names. In a fold (the repeated hour after
// a fall-back) the earlier of the two instants. In a gap (the hour skipped by a
// spring-forward) there is none; the gap's end is used: the first instant at
// which the wall clock has passed the typed time, so the entry is not placed
// before a moment the clock never showed.
Instant resolve_local(date::local_seconds local, const date::time_zone* tz) {
  const date::local_info info = tz->get_info(local);
  if (info.result == date::local_info::nonexistent) return Instant{info.first.end};
  return Instant{date::sys_seconds{local.time_since_epoch() - info.first.offset}};
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string format_year_month_day(chr::year_month_day day, bool with_dashes) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, with_dashes ? "%04d-%02u-%02u" : "%04d%02u%02u",
                static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return buffer;
}

// The local date and the minutes past local midnight of an instant.
struct LocalClock {
  chr::year_month_day date;
  int minutes_of_day = 0;
};

LocalClock local_clock(Instant t, const date::time_zone* tz) {
  const auto local = tz->to_local(t);
  const auto day = date::floor<date::days>(local);
  const auto minutes = date::floor<chr::minutes>(local - day);
  return {to_year_month_day(day), static_cast<int>(minutes.count())};
}

std::string format_minutes_of_day(int minutes_of_day) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minutes_of_day / 60, minutes_of_day % 60);
  return buffer;
}

struct WeekdayName {
  std::string_view name;
  unsigned weekday;  // 0 = Sunday, as std::chrono::weekday counts
};

constexpr std::array<WeekdayName, 18> kWeekdayNames{{
    {"sunday", 0},
    {"sun", 0},
    {"monday", 1},
    {"mon", 1},
    {"tuesday", 2},
    {"tue", 2},
    {"tues", 2},
    {"wednesday", 3},
    {"wed", 3},
    {"weds", 3},
    {"thursday", 4},
    {"thu", 4},
    {"thur", 4},
    {"thurs", 4},
    {"friday", 5},
    {"fri", 5},
    {"saturday", 6},
    {"sat", 6},
}};

constexpr std::string_view kDueDateForms =
    "Give the due date as 2026-03-13, today, tomorrow, +3d, +2w or a weekday such as monday.";

}  // namespace

bool is_valid_zone(std::string_view zone) {
  if (zone.empty()) return false;
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

std::string person_zone(const std::map<std::string, std::string>& people,
                        const std::string& fallback, const std::string& user,
                        std::string_view platform_zone) {
  if (!platform_zone.empty() && is_valid_zone(platform_zone)) return std::string(platform_zone);
  if (const auto it = people.find(user); it != people.end()) return it->second;
  return fallback;
}

DueDateLookup parse_due_date(std::string_view text, Instant now, std::string_view zone) {
  const std::string word = ascii_lower(trim(text));
  const chr::sys_days today{local_date(now, zone)};
  if (word == "today") return {chr::year_month_day{today}, {}};
  if (word == "tomorrow") return {chr::year_month_day{today + chr::days{1}}, {}};

  if (word.size() >= 3 && word.front() == '+' && (word.back() == 'd' || word.back() == 'w')) {
    // Four digits reach decades ahead, far enough for any action item.
    const auto count = read_number(std::string_view(word).substr(1, word.size() - 2), 1, 4);
    if (!count) return {std::nullopt, std::string(kDueDateForms)};
    const chr::days step{word.back() == 'w' ? 7 : 1};
    return {chr::year_month_day{today + *count * step}, {}};
  }

  for (const auto& [name, weekday] : kWeekdayNames) {
    if (word != name) continue;
    // Strictly after today: "friday" said on a Friday means a week out.
    const auto ahead = (chr::weekday{weekday} - chr::weekday{today}).count();
    return {chr::year_month_day{today + chr::days{ahead == 0 ? 7 : ahead}}, {}};
  }

  if (const auto date = read_calendar_date(word)) {
    if (!date->ok()) return {std::nullopt, "\"" + word + "\" is not a date on the calendar.", true};
    // An item that is late the moment it is made would only start the reminders.
    if (chr::sys_days{*date} < today)
      return {std::nullopt, "\"" + word + "\" has already passed: it is " +
                                format_date(chr::year_month_day{today}) +
                                " for the owner now. Give a date from today on.",
              true};
    return {*date, {}};
  }
  return {std::nullopt, std::string(kDueDateForms)};
}

chr::year_month_day local_date(Instant t, std::string_view zone) {
  return local_clock(t, zone_or_utc(zone)).date;
}

Instant end_of_day(chr::year_month_day day, std::string_view zone) {
  // Midnight itself can fall in a gap (zones that change at 00:00); resolving
  // to the gap's end still gives the first instant of the next day.
  return resolve_local(date::local_seconds{to_local_days(day) + date::days{1}}, zone_or_utc(zone));
}

Instant local_instant(chr::year_month_day day, chr::minutes time_of_day, std::string_view zone) {
  return resolve_local(date::local_seconds{to_local_days(day) + time_of_day}, zone_or_utc(zone));
}

std::optional<chr::weekday> parse_weekday(std::string_view text) {
  const std::string word = ascii_lower(trim(text));
  for (const auto& [name, weekday] : kWeekdayNames)
    if (word == name) return chr::weekday{weekday};
  return std::nullopt;
}

std::string format_clock(Instant t, std::string_view zone) {
  return format_minutes_of_day(local_clock(t, zone_or_utc(zone)).minutes_of_day);
}

std::string format_date_time(Instant t, std::string_view zone) {
  const date::time_zone* tz = zone_or_utc(zone);
  const LocalClock clock = local_clock(t, tz);
  return format_year_month_day(clock.date, true) + " " +
         format_minutes_of_day(clock.minutes_of_day) + " " + tz->get_info(t).abbrev;
}

std::string zone_abbreviation(Instant t, std::string_view zone) {
  return zone_or_utc(zone)->get_info(t).abbrev;
}

std::string format_date(chr::year_month_day day) {
  return format_year_month_day(day, true);
}

std::string compact_date(Instant t, std::string_view zone) {
  return format_year_month_day(local_date(t, zone), false);
}

}  // namespace scribe::core
