// The follow-up side of Runtime: turning config into the core's policies, and
// showing scheduled work on the terminal for `scribe console` and `scribe replay`.
#include <ostream>

#include "adapters/console/console_chat.hpp"
#include "bot/app/runtime.hpp"
#include "bot/core/time.hpp"

namespace scribe::app {

core::PostmortemPolicy postmortem_policy(const Config& config) {
  core::PostmortemPolicy p;
  p.required_severity = core::parse_severity(config.postmortem.required_severity);
  p.required_impact_minutes = config.postmortem.required_impact_minutes;
  return p;
}

core::FollowUpOptions follow_up_options(const Config& config, std::set<std::string> platforms) {
  core::FollowUpOptions o;
  o.platforms = std::move(platforms);
  o.zone = config.timezone;
  o.people_zones = config.people;
  o.reminders.remind_every = config.reminders.remind_every;
  o.reminders.escalate_after = config.reminders.escalate_after;
  o.reminders.heads_up_before = config.reminders.heads_up_before;
  o.reminders.review_after = config.postmortem.review_reminder_after;
  o.nudges.update_after = {config.nudges.update_after_p1, config.nudges.update_after_p2,
                           config.nudges.update_after_p3, config.nudges.update_after_p4};
  o.nudges.lead_after = config.nudges.lead_after;
  o.postmortem = postmortem_policy(config);
  o.digest_schedule.channel = config.digest.channel;
  // Unnamed, the digest goes where the team chats: the one platform enabled.
  o.digest_schedule.platform = !config.digest.platform.empty() ? config.digest.platform
                               : config.slack.enabled          ? "slack"
                               : config.matrix.enabled         ? "matrix"
                                                               : "console";
  o.digest_schedule.weekday = config.digest.weekday;
  o.digest_schedule.time_of_day = config.digest.time_of_day;
  o.digest.completion_window = config.digest.completion_window;
  o.digest.completion_target_percent = config.digest.completion_target;
  return o;
}

void Runtime::show_scheduled(const std::vector<core::ScheduledEffect>& scheduled, bool with_time,
                             std::ostream& out) {
  for (const auto& s : scheduled) {
    const std::string line = console::describe(s.effect);
    if (line.empty()) continue;
    // Replay shows when each piece of work fired: the transcript's clock, not the wall's.
    if (with_time) out << core::format_iso8601(s.at) << " ";
    out << line << "\n";
  }
}

void Runtime::run_follow_up(core::Instant now, std::ostream& out) {
  show_scheduled(follow_up_->run_due(now), false, out);
}

void Runtime::advance_clock(core::Instant to, std::ostream& out, bool jumped) {
  if (jumped && (!clock_ || to > *clock_))
    show_scheduled(follow_up_->run_due(to), true, out);
  else
    show_scheduled(follow_up_->run_through(to, clock_), true, out);
  if (!clock_ || to > *clock_) clock_ = to;
}

}  // namespace scribe::app
