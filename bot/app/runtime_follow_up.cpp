// The follow-up side of Runtime: handing the config's policies to the core, and
// showing scheduled work on the terminal for `scribe console` and `scribe replay`.
#include <ostream>

#include "adapters/console/console_chat.hpp"
#include "bot/app/runtime.hpp"
#include "bot/core/time.hpp"

namespace scribe::app {

core::PostmortemPolicy postmortem_policy(const Config& config) {
  return config.postmortem.policy;
}

core::FollowUpOptions follow_up_options(const Config& config, std::set<std::string> platforms) {
  core::FollowUpOptions o{.platforms = std::move(platforms),
                          .zone = config.timezone,
                          .people_zones = config.people,
                          .reminders = config.reminders,
                          .nudges = config.nudges,
                          .postmortem = config.postmortem.policy,
                          .digest_schedule = config.digest.schedule,
                          .digest = config.digest.policy,
                          .web_base_url = config.web.base_url};
  // Unnamed, the digest goes where the team chats: the one platform enabled.
  if (o.digest_schedule.platform.empty())
    o.digest_schedule.platform = config.slack.enabled    ? "slack"
                                 : config.matrix.enabled ? "matrix"
                                                         : "console";
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
