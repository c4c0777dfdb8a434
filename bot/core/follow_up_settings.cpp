// The follow-through sections of the config file, declared on the policies
// they fill: [reminders], [nudges], [digest] and [postmortem].
#include <cstdio>

#include "bot/core/follow_up_policy.hpp"
#include "bot/core/postmortem_policy.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {

using settings::Kind;
using settings::Off;
using settings::Section;
using settings::Value;

const Section<ReminderPolicy>& reminder_settings() {
  // Durations read "off" everywhere and are refused where a key cannot be off.
  static const auto section =
      Section<ReminderPolicy>("reminders")
          .duration("check_every", [](ReminderPolicy& p) -> auto& { return p.check_every; },
                    Off::refused)
          .duration("remind_every", [](ReminderPolicy& p) -> auto& { return p.remind_every; },
                    Off::refused)
          .integer("escalate_after", [](ReminderPolicy& p) -> auto& { return p.escalate_after; },
                   0)
          .duration("heads_up_before",
                    [](ReminderPolicy& p) -> auto& { return p.heads_up_before; }, Off::allowed);
  return section;
}

const Section<NudgePolicy>& nudge_settings() {
  static const auto section = [] {
    auto s = Section<NudgePolicy>("nudges");
    for (std::size_t i = 0; i < 4; ++i)
      s = s.duration("update_after_p" + std::to_string(i + 1),
                     [i](NudgePolicy& p) -> auto& { return p.update_after[i]; }, Off::allowed);
    return s.duration("lead_after", [](NudgePolicy& p) -> auto& { return p.lead_after; },
                      Off::allowed);
  }();
  return section;
}

namespace {

std::string read_weekday(DigestSettings& d, const Value& v) {
  const auto day = parse_weekday(std::get<std::string>(v));
  if (!day) return "`digest.weekday` must be a day of the week like \"monday\"";
  d.schedule.weekday = *day;
  return {};
}

std::string read_time_of_day(DigestSettings& d, const Value& v) {
  const auto& time = std::get<std::string>(v);
  unsigned hours = 0, minutes = 0;
  char rest = 0;
  if (std::sscanf(time.c_str(), "%2u:%2u%c", &hours, &minutes, &rest) != 2 || hours > 23 ||
      minutes > 59 || time.size() != 5)
    return "`digest.time` must be a time of day like \"09:00\"";
  d.schedule.time_of_day = std::chrono::hours{hours} + std::chrono::minutes{minutes};
  return {};
}

std::string platform_name(const std::string& p) {
  if (p.empty() || p == "slack" || p == "matrix" || p == "console") return {};
  return "digest.platform `" + p + "` must be slack, matrix or console";
}

}  // namespace

const Section<DigestSettings>& digest_settings() {
  static const auto section =
      Section<DigestSettings>("digest")
          .text("channel", [](DigestSettings& d) -> auto& { return d.schedule.channel; })
          .text("platform", [](DigestSettings& d) -> auto& { return d.schedule.platform; },
                platform_name)
          .custom("weekday", Kind::text, read_weekday)
          .custom("time", Kind::text, read_time_of_day)
          .duration("completion_window",
                    [](DigestSettings& d) -> auto& { return d.policy.completion_window; },
                    Off::refused)
          .integer("completion_target",
                   [](DigestSettings& d) -> auto& { return d.policy.completion_target_percent; },
                   0, 100, "a percentage from 0 to 100");
  return section;
}

namespace {

std::string read_required_severity(PostmortemSettings& p, const Value& v) {
  const auto& text = std::get<std::string>(v);
  if (text.empty()) {
    p.policy.required_severity.reset();
    return {};
  }
  const auto severity = parse_severity(text);
  if (!severity)
    return "postmortem.required_severity `" + text + "` must be P1, P2, P3, P4 or \"\"";
  p.policy.required_severity = severity;
  return {};
}

}  // namespace

const Section<PostmortemSettings>& postmortem_settings() {
  // templates_dir is checked by the application, which reads the directory.
  static const auto section =
      Section<PostmortemSettings>("postmortem")
          .text("templates_dir", [](PostmortemSettings& p) -> auto& { return p.templates_dir; })
          .integer("detection_target_minutes",
                   [](PostmortemSettings& p) -> auto& { return p.detection_target_minutes; }, 0)
          .custom("required_severity", Kind::text, read_required_severity)
          .integer("required_impact_minutes",
                   [](PostmortemSettings& p) -> auto& { return p.policy.required_impact_minutes; },
                   0)
          .duration("review_reminder_after",
                    [](PostmortemSettings& p) -> auto& { return p.policy.review_reminder_after; },
                    Off::allowed);
  return section;
}

}  // namespace scribe::core
