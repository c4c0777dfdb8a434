// Reading the times people type in commands: clock times, dates, offsets and
// zones pasted from alerts and logs, and "-15m". Every reading is resolved
// against the `now` and the speaker's zone it is given; a time that could mean
// two things, or one that cannot have happened yet, is refused with the reason
// rather than guessed.
#include <cstdio>
#include <vector>

#include "bot/core/time.hpp"
#include "bot/core/time_detail.hpp"

namespace scribe::core {
namespace {

using namespace time_detail;

// A clock time this little ahead of now is a typo or a clock-skew slip, not
// yesterday's: refusing it is kinder than recording an incident a day long.
constexpr Millis kFutureClockWindow = chr::hours{2};
// "-Nm" is for minutes and hours ago; older times deserve a date.
constexpr Millis kRelativeLimit = chr::days{7};

// The zone a time was read in: the speaker's, a named one typed with it, or a
// fixed offset typed with it.
struct ReadingZone {
  const date::time_zone* tz = nullptr;  // when offset is empty
  std::optional<chr::minutes> offset;
  std::string name;  // for echoes: "UTC", "+02:00", "America/New_York"; empty: the speaker's

  date::local_seconds to_local(Instant t) const {
    const auto seconds = chr::floor<chr::seconds>(t);
    if (offset) return date::local_seconds{seconds.time_since_epoch() + *offset};
    return tz->to_local(seconds);
  }
};

// What a local wall-clock time names in a zone: one instant, two in a fold
// (earlier first), none in a gap.
struct LocalMatch {
  std::vector<Instant> instants;
  date::local_info info{};
};

LocalMatch match_local(date::local_seconds local, const ReadingZone& zone) {
  LocalMatch m;
  if (zone.offset) {
    m.instants.push_back(Instant{date::sys_seconds{local.time_since_epoch() - *zone.offset}});
    return m;
  }
  m.info = zone.tz->get_info(local);
  const auto at = [&](const date::sys_info& info) {
    return Instant{date::sys_seconds{local.time_since_epoch() - info.offset}};
  };
  switch (m.info.result) {
    case date::local_info::unique:
      m.instants.push_back(at(m.info.first));
      break;
    case date::local_info::ambiguous:
      m.instants.push_back(at(m.info.first));
      m.instants.push_back(at(m.info.second));
      break;
    case date::local_info::nonexistent:
      break;
  }
  return m;
}

std::string two_digits(long long n) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02lld", n);
  return buffer;
}

std::string local_clock_text(date::local_seconds local) {
  const auto day = date::floor<date::days>(local);
  const date::hh_mm_ss clock{local - day};
  return two_digits(clock.hours().count()) + ":" + two_digits(clock.minutes().count());
}

std::string local_date_text(date::local_seconds local) {
  return format_date(to_year_month_day(date::floor<date::days>(local)));
}

std::string offset_text(chr::minutes offset) {
  const long long total = offset.count();
  const long long magnitude = total < 0 ? -total : total;
  return std::string(total < 0 ? "-" : "+") + two_digits(magnitude / 60) + ":" +
         two_digits(magnitude % 60);
}

// "2026-03-12 14:31 CET" in the zone the time was read in.
std::string shown_in(Instant t, const ReadingZone& zone) {
  if (zone.offset) {
    const auto local = zone.to_local(t);
    return local_date_text(local) + " " + local_clock_text(local) + " " + offset_text(*zone.offset);
  }
  return format_date_time(t, zone.tz->name());
}

// "Z", "UTC", "GMT", "±HH:MM", "±HHMM" or an IANA name with a slash, as a
// word of its own or (`attached`) right after the digits ("11:40Z",
// "13:52+02:00", also "+02"). Abbreviations such as "EST" are not read: many
// mean different offsets in different places.
std::optional<ReadingZone> read_zone(std::string_view word, bool attached) {
  if (!word.empty() && word.back() == ',') word.remove_suffix(1);
  if (word.empty()) return std::nullopt;
  const std::string lower = ascii_lower(word);
  if (lower == "z" || lower == "utc" || lower == "gmt")
    return ReadingZone{zone_or_utc("Etc/UTC"), std::nullopt, lower == "gmt" ? "GMT" : "UTC"};
  if (word[0] == '+' || word[0] == '-') {
    const std::string_view body = word.substr(1);
    std::optional<int> hours;
    std::optional<int> minutes = 0;
    if (body.size() == 5 && body[2] == ':') {
      hours = read_number(body.substr(0, 2), 2, 2);
      minutes = read_number(body.substr(3, 2), 2, 2);
    } else if (body.size() == 4) {
      hours = read_number(body.substr(0, 2), 2, 2);
      minutes = read_number(body.substr(2, 2), 2, 2);
    } else if (body.size() == 2 && attached) {
      hours = read_number(body, 2, 2);
    }
    if (!hours || !minutes || *hours > 14 || *minutes > 59) return std::nullopt;
    const chr::minutes magnitude{*hours * 60 + *minutes};
    const chr::minutes offset = word[0] == '-' ? -magnitude : magnitude;
    return ReadingZone{nullptr, offset, offset_text(offset)};
  }
  if (!attached && word.find('/') != std::string_view::npos && is_valid_zone(word))
    return ReadingZone{zone_or_utc(word), std::nullopt, std::string(word)};
  return std::nullopt;
}

enum class Found { nothing, wrong, time };

struct ClockRead {
  Found found = Found::nothing;
  chr::seconds time_of_day{};
  std::size_t tokens_used = 0;
  std::optional<ReadingZone> zone;
  std::string error;
};

// "am"/"pm" (trailing comma allowed) or empty.
std::string_view meridiem_of(std::string_view word) {
  if (!word.empty() && word.back() == ',') word.remove_suffix(1);
  const std::string lower = ascii_lower(word);
  if (lower == "am") return "am";
  if (lower == "pm") return "pm";
  return {};
}

// H:MM or HH:MM[:SS], 24-hour or with am/pm, then optionally a zone, each
// attached or as the following word. "1:1", "123:45", "14:31x" and "v2:10"
// are not clock shapes and read as nothing; a clock shape with an impossible
// value ("25:00") is wrong.
ClockRead read_clock(const std::vector<std::string_view>& tokens, std::size_t first) {
  const std::string_view token = tokens[first];
  std::string_view text = token;
  const bool comma = !text.empty() && text.back() == ',';  // "14:31, first 503s"
  if (comma) text.remove_suffix(1);
  std::size_t body_end = 0;
  while (body_end < text.size() && (is_digit(text[body_end]) || text[body_end] == ':')) ++body_end;
  const std::string_view body = text.substr(0, body_end);
  const std::string_view suffix = text.substr(body_end);
  std::string_view meridiem = meridiem_of(suffix);
  std::optional<ReadingZone> zone;
  if (!suffix.empty() && meridiem.empty()) {
    zone = read_zone(suffix, true);
    if (!zone) return {};
  }

  const auto first_colon = body.find(':');
  if (first_colon == std::string_view::npos) return {};
  const auto second_colon = body.find(':', first_colon + 1);
  const auto hour = read_number(body.substr(0, first_colon), 1, 2);
  const auto minute =
      read_number(body.substr(first_colon + 1, second_colon == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : second_colon - first_colon - 1),
                  2, 2);
  std::optional<int> second = 0;
  if (second_colon != std::string_view::npos)
    second = read_number(body.substr(second_colon + 1), 2, 2);
  if (!hour || !minute || !second) return {};

  ClockRead read;
  std::size_t next = first + 1;
  if (!comma && meridiem.empty() && !zone && next < tokens.size()) {
    meridiem = meridiem_of(tokens[next]);
    if (!meridiem.empty()) ++next;
  }
  const bool stopped = comma || (next > first + 1 && tokens[next - 1].ends_with(','));
  if (!stopped && !zone && next < tokens.size()) {
    zone = read_zone(tokens[next], false);
    if (zone) ++next;
  }
  read.tokens_used = next - first;
  read.zone = std::move(zone);

  int hour_of_day = *hour;
  if (!meridiem.empty()) {
    if (hour_of_day < 1 || hour_of_day > 12) {
      read.found = Found::wrong;
      read.error = "\"" + std::string(token) +
                   "\" is not a time of day: with am/pm the hour runs from 1 to 12.";
      return read;
    }
    hour_of_day = hour_of_day % 12 + (meridiem == "pm" ? 12 : 0);
  }
  if (hour_of_day > 23 || *minute > 59 || *second > 59) {
    read.found = Found::wrong;
    read.error = "\"" + std::string(token) +
                 "\" is not a time of day: use 24-hour HH:MM or HH:MM:SS, like 14:31.";
    return read;
  }
  read.found = Found::time;
  read.time_of_day = chr::hours{hour_of_day} + chr::minutes{*minute} + chr::seconds{*second};
  return read;
}

// "0m", "00h0m": shaped like a duration but naming no time at all.
bool is_zero_duration(std::string_view text) {
  if (text.empty() || text.front() != '0' || is_digit(text.back())) return false;
  for (const char c : text)
    if (c != '0' && (c < 'a' || c > 'z')) return false;
  return true;
}

std::string joined(const std::vector<std::string_view>& tokens, std::size_t used) {
  std::string out;
  for (std::size_t i = 0; i < used && i < tokens.size(); ++i)
    out += (out.empty() ? "" : " ") + std::string(tokens[i]);
  if (!out.empty() && out.back() == ',') out.pop_back();
  return out;
}

TimeLookup found_time(Instant at, const std::vector<std::string_view>& tokens, std::size_t used,
                      const ReadingZone* typed_zone) {
  TypedTime t;
  t.at = at;
  t.tokens_used = used;
  t.typed = joined(tokens, used);
  if (typed_zone) t.typed_zone = typed_zone->name;
  return {t, {}};
}

TimeLookup refused(std::string reason) {
  return {std::nullopt, std::move(reason)};
}

// "-15m", "-1h30m": that long before `now`. Returns nothing for tokens that
// merely start with a sign ("-5%", "+2k"), so notes about numbers stay notes.
std::optional<TimeLookup> read_relative(const std::vector<std::string_view>& tokens, Instant now) {
  std::string_view token = tokens[0];
  if (!token.empty() && token.back() == ',') token.remove_suffix(1);  // "-15m, paged"
  if (token.size() < 3 || (token[0] != '-' && token[0] != '+') || !is_digit(token[1]))
    return std::nullopt;
  const std::string_view body = token.substr(1);
  if (const auto ago = parse_duration(body)) {
    if (token[0] == '+')
      return refused("\"" + std::string(token) + "\" is in the future; write -" +
                     std::string(body) + " for that long ago.");
    if (*ago > kRelativeLimit)
      return refused("\"" + std::string(token) +
                     "\" is more than 7 days ago; give the date and time instead, like " +
                     format_date(local_date(now - *ago, "UTC")) + " 14:31.");
    TimeLookup lookup = found_time(now - *ago, tokens, 1, nullptr);
    lookup.value->relative = true;
    return lookup;
  }
  if (is_zero_duration(body))
    return refused("\"" + std::string(token) + "\" names no time ago; write how long ago, like -15m.");
  return std::nullopt;
}

std::string gap_reason(const std::string& typed, const std::string& date_text,
                       const LocalMatch& m, const ReadingZone& zone) {
  const date::sys_info& before = m.info.first;
  const date::sys_info& after = m.info.second;
  const auto change = date::sys_seconds{before.end};
  const auto from = date::local_seconds{change.time_since_epoch() + before.offset};
  const auto to = date::local_seconds{change.time_since_epoch() + after.offset};
  return typed + " never happened on " + date_text + " in " + zone.tz->name() +
         ": the clocks went from " + local_clock_text(from) + " " + before.abbrev +
         " straight to " + local_clock_text(to) + " " + after.abbrev +
         ". Give a time before or after the change.";
}

// A time of day without a date: its most recent occurrence (the later one in
// a DST fold), yesterday's when today's has not come yet, unless today's is
// so close ahead that it is surely a slip.
TimeLookup most_recent(const ClockRead& clock, const std::vector<std::string_view>& tokens,
                       Instant now, const ReadingZone& zone) {
  const std::string typed = joined(tokens, clock.tokens_used);
  const auto now_local = zone.to_local(now);
  const auto today = date::floor<date::days>(now_local);
  const LocalMatch m = match_local(today + clock.time_of_day, zone);
  std::optional<Instant> best;
  for (const Instant t : m.instants)
    if (t <= now) best = t;
  if (best) return found_time(*best, tokens, clock.tokens_used, clock.zone ? &zone : nullptr);

  const std::string today_text = local_date_text(now_local);
  if (m.instants.empty() && Instant{m.info.first.end} <= now)
    return refused(gap_reason(typed, today_text, m, zone));
  const Instant ahead_at = m.instants.empty() ? Instant{m.info.first.end} : m.instants.front();
  if (ahead_at - now < kFutureClockWindow) {
    const auto minutes = chr::ceil<chr::minutes>(ahead_at - now).count();
    const std::string yesterday = local_date_text(now_local - date::days{1});
    return refused(typed + " is " + std::to_string(minutes) +
                   " min ahead of now, so it has not happened yet (it is " +
                   shown_in(now, zone) + "). For yesterday's, give the date: " + yesterday + " " +
                   std::string(tokens[0]) + ".");
  }
  const LocalMatch y = match_local(today - date::days{1} + clock.time_of_day, zone);
  if (y.instants.empty())
    return refused(gap_reason(typed, local_date_text(now_local - date::days{1}), y, zone));
  return found_time(y.instants.back(), tokens, clock.tokens_used, clock.zone ? &zone : nullptr);
}

// "2026-03-12 14:31[:SS] [zone]", "2026-03-12T14:31[:SS]" and full ISO-8601
// stamps with their own offset.
std::optional<TimeLookup> read_date_time(const std::vector<std::string_view>& tokens, Instant now,
                                         const ReadingZone& speaker) {
  const std::string_view first = tokens[0];
  if (const auto exact = parse_iso8601(first)) {
    if (*exact > now)
      return refused(std::string(first) + " is in the future; give a time that has already happened.");
    const ReadingZone utc{zone_or_utc("Etc/UTC"), std::nullopt, "UTC"};
    const bool utc_stamp = first.back() == 'Z' || first.back() == 'z';
    return found_time(*exact, tokens, 1, utc_stamp ? &utc : nullptr);
  }

  const auto t_position = first.find_first_of("Tt");
  const std::string_view date_text = first.substr(0, t_position);
  const auto date = read_calendar_date(date_text);
  if (!date) return std::nullopt;
  if (!date->ok()) return refused("\"" + std::string(date_text) + "\" is not a date on the calendar.");

  const bool one_token = t_position != std::string_view::npos;
  std::vector<std::string_view> rest;
  if (one_token) rest.push_back(first.substr(t_position + 1));
  rest.insert(rest.end(), tokens.begin() + 1, tokens.end());
  if (rest.empty() || rest.front().empty())
    return refused("Give the time of day after the date, like " + format_date(*date) + " 14:31.");
  const ClockRead clock = read_clock(rest, 0);
  if (clock.found == Found::wrong) return refused(clock.error);
  if (clock.found == Found::nothing)
    return refused("Give the time of day after the date, like " + format_date(*date) + " 14:31.");

  const std::size_t used = (one_token ? 1 : 2) + clock.tokens_used - 1;
  const ReadingZone& zone = clock.zone ? *clock.zone : speaker;
  const std::string typed = joined(tokens, used);
  const LocalMatch m = match_local(to_local_days(*date) + clock.time_of_day, zone);
  if (m.instants.empty()) return refused(gap_reason(typed, format_date(*date), m, zone));
  // The later instant of a fold when it has come: the most recent reading.
  std::optional<Instant> best;
  for (const Instant t : m.instants)
    if (t <= now) best = t;
  if (!best) return refused(typed + " is in the future; give a time that has already happened.");
  return found_time(*best, tokens, used, clock.zone ? &zone : nullptr);
}

std::string ago_text(Millis d) {
  if (d < chr::minutes{1}) return "just now";
  const auto minutes = chr::floor<chr::minutes>(d).count();
  if (minutes < 60) return std::to_string(minutes) + " min ago";
  if (minutes < 48 * 60)
    return std::to_string(minutes / 60) + " h " + two_digits(minutes % 60) + " min ago";
  return std::to_string(minutes / (24 * 60)) + " d " + std::to_string(minutes / 60 % 24) + " h ago";
}

}  // namespace

TimeLookup find_leading_time(const std::vector<std::string_view>& tokens, Instant now,
                             std::string_view zone) {
  if (tokens.empty()) return {};
  if (auto relative = read_relative(tokens, now)) return std::move(*relative);
  const ReadingZone speaker{zone_or_utc(zone), std::nullopt, ""};
  if (auto full = read_date_time(tokens, now, speaker)) return std::move(*full);

  const ClockRead clock = read_clock(tokens, 0);
  if (clock.found == Found::nothing) return {};
  if (clock.found == Found::wrong) return refused(clock.error);
  return most_recent(clock, tokens, now, clock.zone ? *clock.zone : speaker);
}

std::string describe_reading(const TypedTime& t, Instant now, std::string_view speaker_zone) {
  std::string out = "\"" + t.typed + "\" read as ";
  if (t.typed_zone.empty()) {
    out += format_date_time(t.at, speaker_zone);
  } else {
    const auto zone = read_zone(t.typed_zone, false);
    const std::string as_typed = zone ? shown_in(t.at, *zone) : format_date_time(t.at, "UTC");
    const std::string for_speaker = format_date_time(t.at, speaker_zone);
    out += as_typed;
    if (for_speaker != as_typed) out += " (" + for_speaker + " for you)";
  }
  return out + ", " + ago_text(now - t.at);
}

}  // namespace scribe::core
