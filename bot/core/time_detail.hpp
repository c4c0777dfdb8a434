// Private to the time files: small readers shared by time.cpp (display, due
// dates) and time_reading.cpp (times people type).
#pragma once

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/text.hpp"
#include "bot/core/types.hpp"

namespace scribe::core::time_detail {

namespace chr = std::chrono;

// Callers validate zones from config and platforms with is_valid_zone; a bad
// one that slips through shows UTC rather than stopping the bot.
inline const date::time_zone* zone_or_utc(std::string_view zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return date::locate_zone("Etc/UTC");
  }
}

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A run of min..max digits that is the whole of `text`.
inline std::optional<int> read_number(std::string_view text, std::size_t min_length,
                                      std::size_t max_length) {
  if (text.size() < min_length || text.size() > max_length) return std::nullopt;
  int value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// "2026-03-12" (also "2026-3-12"). The date may still be impossible: check ok().
inline std::optional<chr::year_month_day> read_calendar_date(std::string_view text) {
  const auto first_dash = text.find('-');
  const auto second_dash = text.find('-', first_dash + 1);
  if (first_dash != 4 || second_dash == std::string_view::npos) return std::nullopt;
  const auto year = read_number(text.substr(0, 4), 4, 4);
  const auto month = read_number(text.substr(5, second_dash - 5), 1, 2);
  const auto day = read_number(text.substr(second_dash + 1), 1, 2);
  if (!year || !month || !day) return std::nullopt;
  return chr::year_month_day{chr::year{*year}, chr::month(static_cast<unsigned>(*month)),
                             chr::day(static_cast<unsigned>(*day))};
}

inline date::local_days to_local_days(chr::year_month_day day) {
  return date::local_days{date::days{chr::sys_days{day}.time_since_epoch().count()}};
}

inline chr::year_month_day to_year_month_day(date::local_days day) {
  return chr::year_month_day{chr::sys_days{chr::days{day.time_since_epoch().count()}}};
}

}  // namespace scribe::core::time_detail
