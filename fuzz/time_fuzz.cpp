// Times and dates people type: HH:MM, -15m, 2026-03-12 14:31, due dates,
// ISO-8601 timestamps and durations, in zones with odd offsets and DST.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bot/core/time.hpp"

using namespace scribe::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::string_view kZones[] = {
      "UTC",          "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham",
      "Europe/Berlin"};
  if (size == 0) return 0;
  const std::string_view zone = kZones[data[0] % std::size(kZones)];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Instant now = from_epoch_ms(1773326770000);  // 2026-03-12T14:46:10Z

  std::vector<std::string_view> tokens;
  for (std::size_t at = 0; at <= text.size();) {
    const auto space = text.find(' ', at);
    const auto end = space == std::string_view::npos ? text.size() : space;
    if (end > at) tokens.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  const TimeLookup found = find_leading_time(tokens, now, zone);
  if (found.value) {
    if (found.value->tokens_used == 0 || found.value->tokens_used > tokens.size()) __builtin_trap();
    (void)format_date_time(found.value->at, zone);
  }

  const DueDateLookup due = parse_due_date(text, now, zone);
  if (due.value) {
    (void)format_date(*due.value);
    (void)end_of_day(*due.value, zone);
  }
  if (auto at = parse_iso8601(text)) {
    (void)format_date_time(*at, zone);
    (void)compact_date(*at, zone);
    (void)local_date(*at, zone);
  }
  (void)parse_weekday(text);
  if (auto d = parse_duration(text)) {
    if (d->count() <= 0) __builtin_trap();  // documented: empty when zero
    (void)round_to_minutes(*d);
  }
  return 0;
}
