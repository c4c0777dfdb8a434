#include "bot/core/postmortem_text.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cctype>

#include "bot/core/text.hpp"
#include "bot/core/time.hpp"

namespace scribe::core::draft_text {
namespace {

// Characters that open a block (heading, list, fence, table, rule, task box)
// when they start a line. Backslash-escaped, they read as themselves. A quote's
// '>' is not here: it becomes "&gt;" with the HTML characters.
constexpr std::string_view kBlockOpeners = "#-+*=_`~|[";

// "3. done" or "12) done" would start an ordered list: the number's end.
std::size_t ordered_list_marker(std::string_view line) {
  std::size_t digits = 0;
  while (digits < line.size() && digits < 10 &&
         std::isdigit(static_cast<unsigned char>(line[digits])))
    ++digits;
  if (digits == 0 || digits >= line.size()) return std::string::npos;
  return line[digits] == '.' || line[digits] == ')' ? digits : std::string::npos;
}

std::string two_digits(long value) {
  if (value < 0 || value > 99) return std::to_string(value);
  return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

// "14:49:02" from the time past local midnight.
std::string clock_with_seconds(std::chrono::seconds since_midnight) {
  const std::chrono::hh_mm_ss clock{since_midnight};
  return two_digits(clock.hours().count()) + ":" + two_digits(clock.minutes().count()) + ":" +
         two_digits(static_cast<long>(clock.seconds().count()));
}

}  // namespace

std::string escape_markdown(const std::string& text) {
  std::string line = one_line(text);
  if (!line.empty() && kBlockOpeners.find(line.front()) != std::string_view::npos) {
    line.insert(0, 1, '\\');
  } else if (const auto marker = ordered_list_marker(line); marker != std::string::npos) {
    line.insert(marker, 1, '\\');
  }
  // Renderers pass raw HTML through: "<script>" must reach them as text.
  // An inline image from chat would load a remote picture wherever the draft
  // is read (a tracking pixel): "![x](url)" becomes "!" and a plain link.
  std::string safe;
  safe.reserve(line.size() + 16);
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '!' && i + 1 < line.size() && line[i + 1] == '[') {
      safe += "\\!";
    } else if (c == '<') {
      safe += "&lt;";
    } else if (c == '>') {
      safe += "&gt;";
    } else {
      safe += c;
    }
  }
  return safe;
}

std::string tidy_blank_lines(const std::string& markdown) {
  std::string out;
  out.reserve(markdown.size());
  std::string_view fence;  // the open fence's run of ` or ~; empty outside code
  bool blank_pending = false;
  std::size_t at = 0;
  while (at < markdown.size()) {
    auto end = markdown.find('\n', at);
    if (end == std::string::npos) end = markdown.size();
    const std::string_view line(markdown.data() + at, end - at);
    at = end + 1;

    const auto first = line.find_first_not_of(" \t");
    if (fence.empty() && first == std::string_view::npos) {
      blank_pending = !out.empty();
      continue;
    }
    if (blank_pending) out += '\n';
    blank_pending = false;
    out.append(line);
    out += '\n';

    if (first == std::string_view::npos || first > 3) continue;
    const std::string_view rest = line.substr(first);
    const char mark = rest.front();
    if (mark != '`' && mark != '~') continue;
    const auto run = std::min(rest.find_first_not_of(mark), rest.size());
    if (fence.empty() && run >= 3) {
      fence = rest.substr(0, run);
    } else if (!fence.empty() && mark == fence.front() && run >= fence.size() &&
               rest.find_first_not_of(" \t", run) == std::string_view::npos) {
      fence = {};
    }
  }
  return out;
}

std::string code_fence_for(const std::vector<std::string_view>& texts) {
  std::size_t longest = 0;
  for (const auto text : texts) {
    std::size_t run = 0;
    for (const char c : text) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

std::string display_name(const std::map<std::string, std::string>& names, const std::string& user) {
  const auto it = names.find(user);
  return it != names.end() && !it->second.empty() ? it->second : user;
}

std::string at_name(const std::map<std::string, std::string>& names, const std::string& user) {
  std::string name = display_name(names, user);
  return !name.empty() && name.front() == '@' ? name : "@" + name;
}

std::string minutes_text(std::int64_t minutes) {
  return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

std::string hours_minutes(std::int64_t minutes) {
  const std::string clock = two_digits(static_cast<long>(minutes / 60 % 24)) + ":" +
                            two_digits(static_cast<long>(minutes % 60));
  if (minutes >= 24 * 60) return std::to_string(minutes / (24 * 60)) + " d " + clock;
  return two_digits(static_cast<long>(minutes / 60)) + ":" + two_digits(static_cast<long>(minutes % 60));
}

// An unknown zone reads as UTC, as everywhere else times are shown; the draft
// then names UTC so no reader takes its clocks for local ones.
DraftClock::DraftClock(std::string zone, Instant declared_at, const std::vector<Instant>& shown) {
  zone_ = is_valid_zone(zone) ? std::move(zone) : std::string("UTC");
  time_zone_ = date::locate_zone(zone_);
  date_ = local_date(declared_at, zone_);
  declared_abbreviation_ = zone_abbreviation(declared_at, zone_);

  Instant first = declared_at;
  Instant last = declared_at;
  for (const Instant t : shown) {
    first = std::min(first, t);
    last = std::max(last, t);
  }
  const auto seconds = [](Instant t) { return std::chrono::floor<std::chrono::seconds>(t); };
  const date::sys_info at_first = time_zone_->get_info(seconds(first));
  const date::sys_info at_last = time_zone_->get_info(seconds(last));
  spans_change_ = at_first.abbrev != at_last.abbrev;
  if (!spans_change_) {
    zone_note_ = zone_ == declared_abbreviation_ || (zone_ == "UTC" && declared_abbreviation_ == "UTC")
                     ? zone_
                     : zone_ + " (" + declared_abbreviation_ + ")";
    return;
  }
  // The change itself: the end of the first period, shown on the clock it ended.
  const Instant change{std::chrono::duration_cast<Millis>(at_first.end.time_since_epoch())};
  const auto local = time_zone_->to_local(seconds(change) - std::chrono::seconds{1}) +
                     std::chrono::seconds{1};
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss clock{local - day};
  const std::chrono::year_month_day ymd{std::chrono::sys_days{day.time_since_epoch()}};
  zone_note_ = zone_ + ": " + at_first.abbrev + " until " + format_date(ymd) + " " +
               two_digits(clock.hours().count()) + ":" + two_digits(clock.minutes().count()) +
               ", then " + at_last.abbrev + " (times in " +
               (at_first.abbrev == declared_abbreviation_ ? at_last.abbrev : at_first.abbrev) +
               " are marked)";
}

std::string DraftClock::date() const {
  return format_date(date_);
}

std::string DraftClock::zone_note() const {
  return zone_note_;
}

bool DraftClock::on_draft_date(Instant t) const {
  return local_date(t, zone_) == date_;
}

bool DraftClock::all_on_draft_date(const std::vector<Instant>& times) const {
  return std::all_of(times.begin(), times.end(), [this](Instant t) { return on_draft_date(t); });
}

std::string DraftClock::mark(Instant t) const {
  if (!spans_change_) return {};
  const std::string abbreviation =
      time_zone_->get_info(std::chrono::floor<std::chrono::seconds>(t)).abbrev;
  return abbreviation == declared_abbreviation_ ? std::string() : " " + abbreviation;
}

std::string DraftClock::when(Instant t) const {
  if (on_draft_date(t)) return format_clock(t, zone_) + mark(t);
  return format_date(local_date(t, zone_)) + " " + format_clock(t, zone_) + mark(t);
}

// The transcript has thousands of lines: one zone lookup serves them all.
std::string DraftClock::when_seconds(Instant t, bool dated) const {
  const auto local = time_zone_->to_local(std::chrono::floor<std::chrono::seconds>(t));
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::string text = clock_with_seconds(local - day) + mark(t);
  const std::chrono::year_month_day ymd{std::chrono::sys_days{day.time_since_epoch()}};
  if (ymd == date_ && !dated) return text;
  return format_date(ymd) + " " + text;
}

std::string DraftClock::range(const Span& span) const {
  // "14:31–14:33" beside "1 minute" (14:31:50 to 14:33:10) would contradict
  // itself: show the seconds the figure was rounded from.
  const auto minute_of = [](Instant t) { return std::chrono::floor<std::chrono::minutes>(t); };
  const bool seconds_matter =
      (minute_of(span.to) - minute_of(span.from)).count() != round_to_minutes(span.length());
  const auto clock = [&](Instant t) {
    if (!seconds_matter) return format_clock(t, zone_) + mark(t);
    const auto local = time_zone_->to_local(std::chrono::floor<std::chrono::seconds>(t));
    return clock_with_seconds(local - std::chrono::floor<std::chrono::days>(local)) + mark(t);
  };
  const auto from_date = local_date(span.from, zone_);
  const auto to_date = local_date(span.to, zone_);
  const std::string from_clock = clock(span.from);
  const std::string to_clock = clock(span.to);
  if (from_date == date_ && to_date == date_) return from_clock + "\u2013" + to_clock;
  if (from_date == to_date) return format_date(from_date) + " " + from_clock + "\u2013" + to_clock;
  return format_date(from_date) + " " + from_clock + "\u2013" + format_date(to_date) + " " +
         to_clock;
}

}  // namespace scribe::core::draft_text
