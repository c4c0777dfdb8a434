// Follow-through policy: when reminders, nudges and the weekly digest fall
// due. Pure functions of their inputs; FollowUp (follow_up.hpp) applies them
// to what is stored.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "bot/core/settings_schema.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

// Action items that are late: the [reminders] section of the config.
struct ReminderPolicy {
  // How often due work is looked for (the scheduler also wakes for work it
  // knows is due sooner).
  Millis check_every = std::chrono::hours{1};
  Millis remind_every = std::chrono::hours{24};  // at most one reminder per item per period
  // After this many unanswered reminders the next one also tells the incident
  // lead and the incident channel, once; 0: never.
  int escalate_after = 3;
  // One heads-up this long before an item is late; 0: none.
  Millis heads_up_before = std::chrono::hours{24};
  bool operator==(const ReminderPolicy&) const = default;
};

// Nudges while an incident is open: the [nudges] section.
struct NudgePolicy {
  // Silence on the timeline before the channel is asked for an update, by
  // severity P1..P4; 0: no nudges at that severity. Incidents without a
  // severity are treated as P3.
  std::array<Millis, 4> update_after{std::chrono::minutes{15}, std::chrono::minutes{30},
                                     std::chrono::hours{2}, Millis{0}};
  // An incident without a lead this long gets one nudge to assign one; 0: never.
  Millis lead_after = std::chrono::minutes{10};
  bool operator==(const NudgePolicy&) const = default;
};

// The weekly review posted to a channel.
struct DigestSchedule {
  std::string channel;               // platform channel id; empty: no scheduled digest
  std::string platform = "console";  // the platform `channel` belongs to
  std::chrono::weekday weekday = std::chrono::Monday;
  std::chrono::minutes time_of_day = std::chrono::hours{9};  // in the configured zone
  bool operator==(const DigestSchedule&) const = default;
};

// What the digest reports on.
struct DigestPolicy {
  Millis completion_window = std::chrono::days{90};
  int completion_target_percent = 80;  // below it the digest says so; 0: never
  bool operator==(const DigestPolicy&) const = default;
};

// The [digest] section: when and where, and what it reports. An empty
// platform means the one the application serves (it decides).
struct DigestSettings {
  DigestSchedule schedule{.channel = "", .platform = ""};
  DigestPolicy policy;
  bool operator==(const DigestSettings&) const = default;
};

// The config file's sections for the policies above (follow_up_settings.cpp).
const settings::Section<ReminderPolicy>& reminder_settings();
const settings::Section<NudgePolicy>& nudge_settings();
const settings::Section<DigestSettings>& digest_settings();

// The silence allowed before an update nudge; 0 when there is none.
Millis update_after(const NudgePolicy& policy, std::optional<Severity> severity);

// Reminders repeat every `every` from `start`: the k-th is due at start + k·every,
// on a fixed grid so a late check does not push every later reminder back.
// The first not yet sent: the one after `last_sent`; without one, the first
// after `created` when the thing was created already late, else `start`.
Instant next_slot(Instant start, Millis every, std::optional<Instant> created,
                  std::optional<Instant> last_sent);
// The latest slot at or before `now` (`start` itself when now is earlier).
Instant latest_slot(Instant start, Millis every, Instant now);

// The first instant strictly after `after` that is `weekday` at `time_of_day` in `zone`.
Instant next_weekly(Instant after, std::chrono::weekday weekday, std::chrono::minutes time_of_day,
                    std::string_view zone);
// The latest such instant at or before `at`.
Instant latest_weekly(Instant at, std::chrono::weekday weekday, std::chrono::minutes time_of_day,
                      std::string_view zone);

}  // namespace scribe::core
