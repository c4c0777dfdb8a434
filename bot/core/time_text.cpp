// The zone-free half of time.hpp: ISO-8601 timestamps from the platforms,
// durations people type, and rounding for the draft. Hand-written so nothing
// depends on the C++ locale.
#include <array>
#include <cstdint>
#include <cstdio>

#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

namespace chr = std::chrono;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Walks a timestamp left to right; every read either consumes exactly what it
// asked for or reports failure.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  // Exactly `count` decimal digits.
  std::optional<int> digits(std::size_t count) {
    if (text_.size() - pos_ < count) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (!is_digit(c)) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    return value;
  }

  bool eat(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool eat_any(std::string_view chars) {
    if (pos_ < text_.size() && chars.find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
      return true;
    }
    return false;
  }

  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  bool at_end() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// Fractional seconds after the '.' or ',': any number of digits, kept to the
// millisecond (truncated, like every clock that prints them).
std::optional<int> read_fraction_millis(Cursor& in) {
  if (!is_digit(in.peek())) return std::nullopt;
  int millis = 0;
  int kept = 0;
  while (is_digit(in.peek())) {
    const int digit = *in.digits(1);
    if (kept < 3) {
      millis = millis * 10 + digit;
      ++kept;
    }
  }
  for (; kept < 3; ++kept) millis *= 10;
  return millis;
}

// "Z", "+05:30", "-0500" or "+05": the offset east of UTC.
std::optional<chr::minutes> read_offset(Cursor& in) {
  if (in.eat_any("Zz")) return chr::minutes{0};
  const char sign = in.peek();
  if (!in.eat_any("+-")) return std::nullopt;
  const auto hours = in.digits(2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (!in.at_end()) {
    in.eat(':');
    const auto read = in.digits(2);
    if (!read || *read > 59) return std::nullopt;
    minutes = *read;
  }
  const chr::minutes offset{*hours * 60 + minutes};
  return sign == '-' ? -offset : offset;
}

struct DurationUnit {
  std::string_view name;
  int rank;  // larger units first: "1h30m" is fine, "30m1h" is not
  chr::seconds length;
};

constexpr std::array<DurationUnit, 23> kDurationUnits{{
    {"w", 5, chr::weeks{1}},         {"wk", 5, chr::weeks{1}},
    {"wks", 5, chr::weeks{1}},       {"week", 5, chr::weeks{1}},
    {"weeks", 5, chr::weeks{1}},     {"d", 4, chr::days{1}},
    {"day", 4, chr::days{1}},        {"days", 4, chr::days{1}},
    {"h", 3, chr::hours{1}},         {"hr", 3, chr::hours{1}},
    {"hrs", 3, chr::hours{1}},       {"hour", 3, chr::hours{1}},
    {"hours", 3, chr::hours{1}},     {"m", 2, chr::minutes{1}},
    {"min", 2, chr::minutes{1}},     {"mins", 2, chr::minutes{1}},
    {"minute", 2, chr::minutes{1}},  {"minutes", 2, chr::minutes{1}},
    {"s", 1, chr::seconds{1}},       {"sec", 1, chr::seconds{1}},
    {"secs", 1, chr::seconds{1}},    {"second", 1, chr::seconds{1}},
    {"seconds", 1, chr::seconds{1}},
}};

const DurationUnit* find_unit(std::string_view name) {
  for (const auto& unit : kDurationUnits)
    if (unit.name == name) return &unit;
  return nullptr;
}

}  // namespace

std::optional<Instant> parse_iso8601(std::string_view text) {
  Cursor in(text);
  const auto year = in.digits(4);
  if (!year || !in.eat('-')) return std::nullopt;
  const auto month = in.digits(2);
  if (!month || !in.eat('-')) return std::nullopt;
  const auto day = in.digits(2);
  if (!day || !in.eat_any("Tt ")) return std::nullopt;
  const chr::year_month_day date{chr::year{*year}, chr::month(static_cast<unsigned>(*month)),
                                 chr::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;

  const auto hour = in.digits(2);
  if (!hour || *hour > 23 || !in.eat(':')) return std::nullopt;
  const auto minute = in.digits(2);
  if (!minute || *minute > 59) return std::nullopt;
  int second = 0;
  int millis = 0;
  if (in.eat(':')) {
    const auto read = in.digits(2);
    if (!read || *read > 59) return std::nullopt;  // leap seconds never reach us from a platform
    second = *read;
    if (in.eat_any(".,")) {
      const auto fraction = read_fraction_millis(in);
      if (!fraction) return std::nullopt;
      millis = *fraction;
    }
  }
  const auto offset = read_offset(in);
  if (!offset || !in.at_end()) return std::nullopt;

  const Instant wall = chr::sys_days{date} + chr::hours{*hour} + chr::minutes{*minute} +
                       chr::seconds{second} + Millis{millis};
  return wall - *offset;
}

std::string format_iso8601(Instant t) {
  const auto day = chr::floor<chr::days>(t);
  const chr::year_month_day date{day};
  const chr::hh_mm_ss clock{chr::floor<chr::seconds>(t - day)};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

std::optional<Millis> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Millis total{0};
  int previous_rank = 99;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t number_start = pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    // Nine digits keep even weeks well inside 64-bit milliseconds.
    const std::size_t number_length = pos - number_start;
    if (number_length == 0 || number_length > 9) return std::nullopt;
    std::int64_t amount = 0;
    for (std::size_t i = number_start; i < pos; ++i) amount = amount * 10 + (text[i] - '0');

    const std::size_t unit_start = pos;
    while (pos < text.size() && text[pos] >= 'a' && text[pos] <= 'z') ++pos;
    const DurationUnit* unit = find_unit(text.substr(unit_start, pos - unit_start));
    if (unit == nullptr || unit->rank >= previous_rank) return std::nullopt;
    previous_rank = unit->rank;
    total += amount * unit->length;
  }
  if (total <= Millis{0}) return std::nullopt;
  return total;
}

std::int64_t round_to_minutes(Millis d) {
  constexpr std::int64_t kMinute = 60'000;
  const std::int64_t ms = d.count();
  std::int64_t minutes = ms / kMinute;     // truncates toward zero
  const std::int64_t rest = ms % kMinute;  // same sign as ms, |rest| < a minute
  const std::int64_t twice_rest = rest < 0 ? -2 * rest : 2 * rest;
  const std::int64_t away_from_zero = ms < 0 ? -1 : 1;
  if (twice_rest > kMinute || (twice_rest == kMinute && minutes % 2 != 0))
    minutes += away_from_zero;
  return minutes;
}

}  // namespace scribe::core
