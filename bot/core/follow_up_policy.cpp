#include "bot/core/follow_up_policy.hpp"

#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

namespace chr = std::chrono;

// Rounds towards minus infinity, unlike `/`: a slot before `start` is slot -1, not 0.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t slot_index(Instant start, Millis every, Instant t) {
  return floor_div((t - start).count(), every.count());
}

}  // namespace

Millis update_after(const NudgePolicy& policy, std::optional<Severity> severity) {
  const int index = severity ? static_cast<int>(*severity) - 1 : 2;
  return policy.update_after[static_cast<std::size_t>(index)];
}

Instant next_slot(Instant start, Millis every, std::optional<Instant> created,
                  std::optional<Instant> last_sent) {
  if (last_sent)
    return start + (std::max<std::int64_t>(slot_index(start, every, *last_sent), -1) + 1) * every;
  // Created late: the reminder it would have had at creation is not owed;
  // the person was named when it was created.
  if (created && *created >= start) return start + (slot_index(start, every, *created) + 1) * every;
  return start;
}

Instant latest_slot(Instant start, Millis every, Instant now) {
  if (now < start) return start;
  return start + slot_index(start, every, now) * every;
}

Instant next_weekly(Instant after, chr::weekday weekday, chr::minutes time_of_day,
                    std::string_view zone) {
  const chr::sys_days today{local_date(after, zone)};
  // Eight days always hold the next occurrence, whatever the zone's offset.
  for (int i = 0; i <= 8; ++i) {
    const chr::sys_days day = today + chr::days{i};
    if (chr::weekday{day} != weekday) continue;
    const Instant at = local_instant(chr::year_month_day{day}, time_of_day, zone);
    if (at > after) return at;
  }
  return after + chr::days{7};  // unreachable for a valid zone
}

Instant latest_weekly(Instant at, chr::weekday weekday, chr::minutes time_of_day,
                      std::string_view zone) {
  const chr::sys_days today{local_date(at, zone)};
  for (int i = 0; i <= 8; ++i) {
    const chr::sys_days day = today - chr::days{i};
    if (chr::weekday{day} != weekday) continue;
    const Instant occurrence = local_instant(chr::year_month_day{day}, time_of_day, zone);
    if (occurrence <= at) return occurrence;
  }
  return at - chr::days{7};  // unreachable for a valid zone
}

}  // namespace scribe::core
