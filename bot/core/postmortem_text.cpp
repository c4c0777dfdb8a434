#include "bot/core/postmortem_text.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cctype>

#include "bot/core/time.hpp"

namespace scribe::core::draft_text {
namespace {

// Characters that open a block (heading, list, fence, table, rule, task box)
// when they start a line. Backslash-escaped, they read as themselves. A quote's
// '>' is not here: it becomes "&gt;" with the HTML characters.
constexpr std::string_view kBlockOpeners = "#-+*=_`~|[";

std::string one_line(const std::string& text) {
  std::string line;
  line.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\r' || c == '\n' || c == '\t' || c == '\v' || c == '\f') {
      if (line.empty() || line.back() != ' ') line += ' ';
    } else if (c >= 0x20 && c != 0x7f) {
      line += static_cast<char>(c);
    }
  }
  const auto first = line.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return line.substr(first, line.find_last_not_of(' ') - first + 1);
}

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

}  // namespace

std::string escape_markdown(const std::string& text) {
  std::string line = one_line(text);
  if (!line.empty() && kBlockOpeners.find(line.front()) != std::string_view::npos) {
    line.insert(0, 1, '\\');
  } else if (const auto marker = ordered_list_marker(line); marker != std::string::npos) {
    line.insert(marker, 1, '\\');
  }
  // Renderers pass raw HTML through: "<script>" must reach them as text.
  std::string safe;
  safe.reserve(line.size() + 16);
  for (const char c : line) {
    if (c == '<') {
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
  return two_digits(static_cast<long>(minutes / 60)) + ":" +
         two_digits(static_cast<long>(minutes % 60));
}

// An unknown zone reads as UTC, as everywhere else times are shown; the draft
// then names UTC so no reader takes its clocks for local ones.
DraftClock::DraftClock(std::string zone, Instant declared_at) {
  zone_ = is_valid_zone(zone) ? std::move(zone) : std::string("UTC");
  time_zone_ = date::locate_zone(zone_);
  date_ = local_date(declared_at, zone_);
}

std::string DraftClock::date() const {
  return format_date(date_);
}

bool DraftClock::on_draft_date(Instant t) const {
  return local_date(t, zone_) == date_;
}

std::string DraftClock::when(Instant t) const {
  if (on_draft_date(t)) return format_clock(t, zone_);
  return format_date(local_date(t, zone_)) + " " + format_clock(t, zone_);
}

// The transcript has thousands of lines: one zone lookup serves them all.
std::string DraftClock::when_seconds(Instant t) const {
  const auto local = time_zone_->to_local(std::chrono::floor<std::chrono::seconds>(t));
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss clock{local - day};
  std::string text = two_digits(clock.hours().count()) + ":" + two_digits(clock.minutes().count()) +
                     ":" + two_digits(static_cast<long>(clock.seconds().count()));
  const std::chrono::year_month_day ymd{std::chrono::sys_days{day.time_since_epoch()}};
  if (ymd == date_) return text;
  return format_date(ymd) + " " + text;
}

std::string DraftClock::range(const Span& span) const {
  const auto from_date = local_date(span.from, zone_);
  const auto to_date = local_date(span.to, zone_);
  const std::string from_clock = format_clock(span.from, zone_);
  const std::string to_clock = format_clock(span.to, zone_);
  if (from_date == date_ && to_date == date_) return from_clock + "\u2013" + to_clock;
  if (from_date == to_date) return format_date(from_date) + " " + from_clock + "\u2013" + to_clock;
  return format_date(from_date) + " " + from_clock + "\u2013" + format_date(to_date) + " " +
         to_clock;
}

}  // namespace scribe::core::draft_text
