#include "bot/app/config_follow_through.hpp"

#include <cstdio>

#include "bot/core/time.hpp"
#include "bot/core/types.hpp"

namespace scribe::app {
namespace {

using Millis = std::chrono::milliseconds;

template <typename T>
bool read_value(const toml::table& table, const std::string& key, T& into, const std::string& where,
                ConfigProblems& p) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return false;
  auto value = node->value<T>();
  if (!value) {
    p.add("`" + where + key + "` has the wrong type");
    return false;
  }
  into = *value;
  return true;
}

void read_int(const toml::table& table, const std::string& key, int& into, const std::string& where,
              ConfigProblems& p) {
  std::int64_t value = into;
  if (read_value(table, key, value, where, p)) into = static_cast<int>(value);
}

// A duration ("30m", "24h", "3d"); "off" or "0" turns the feature off (0).
void read_duration(const toml::table& table, const std::string& key, Millis& into,
                   const std::string& where, ConfigProblems& p) {
  std::string text;
  if (!read_value(table, key, text, where, p)) return;
  if (text == "off" || text == "0") {
    into = Millis{0};
    return;
  }
  auto d = core::parse_duration(text);
  if (!d) return p.add("`" + where + key + "` must be a duration like 15m, 2h or 3d, or \"off\"");
  into = *d;
}

}  // namespace

void read_follow_through(const toml::table& root, Config& c, ConfigProblems& p) {
  if (auto* t = root["reminders"].as_table()) {
    // The one duration reader: "off" is read everywhere and refused by
    // validation where a key cannot be off.
    read_duration(*t, "check_every", c.reminders.check_every, "reminders.", p);
    read_duration(*t, "remind_every", c.reminders.remind_every, "reminders.", p);
    read_int(*t, "escalate_after", c.reminders.escalate_after, "reminders.", p);
    read_duration(*t, "heads_up_before", c.reminders.heads_up_before, "reminders.", p);
  }
  if (auto* t = root["nudges"].as_table()) {
    read_duration(*t, "update_after_p1", c.nudges.update_after_p1, "nudges.", p);
    read_duration(*t, "update_after_p2", c.nudges.update_after_p2, "nudges.", p);
    read_duration(*t, "update_after_p3", c.nudges.update_after_p3, "nudges.", p);
    read_duration(*t, "update_after_p4", c.nudges.update_after_p4, "nudges.", p);
    read_duration(*t, "lead_after", c.nudges.lead_after, "nudges.", p);
  }
  if (auto* t = root["postmortem"].as_table()) {
    read_value(*t, "required_severity", c.postmortem.required_severity, "postmortem.", p);
    read_int(*t, "required_impact_minutes", c.postmortem.required_impact_minutes, "postmortem.", p);
    read_duration(*t, "review_reminder_after", c.postmortem.review_reminder_after, "postmortem.",
                  p);
  }
  if (auto* t = root["digest"].as_table()) {
    read_value(*t, "channel", c.digest.channel, "digest.", p);
    read_value(*t, "platform", c.digest.platform, "digest.", p);
    std::string weekday;
    if (read_value(*t, "weekday", weekday, "digest.", p)) {
      const auto day = core::parse_weekday(weekday);
      if (!day)
        p.add("`digest.weekday` must be a day of the week like \"monday\"");
      else
        c.digest.weekday = *day;
    }
    std::string time;
    if (read_value(*t, "time", time, "digest.", p)) {
      unsigned hours = 0, minutes = 0;
      char rest = 0;
      if (std::sscanf(time.c_str(), "%2u:%2u%c", &hours, &minutes, &rest) != 2 || hours > 23 ||
          minutes > 59 || time.size() != 5)
        p.add("`digest.time` must be a time of day like \"09:00\"");
      else
        c.digest.time_of_day = std::chrono::hours{hours} + std::chrono::minutes{minutes};
    }
    read_duration(*t, "completion_window", c.digest.completion_window, "digest.", p);
    read_int(*t, "completion_target", c.digest.completion_target, "digest.", p);
  }
}

void validate_follow_through(const Config& c, ConfigProblems& p) {
  if (c.reminders.remind_every <= Millis{0})
    p.add("reminders.remind_every must be a duration, not off");
  if (c.reminders.check_every <= Millis{0})
    p.add("reminders.check_every must be a duration, not off");
  if (c.reminders.escalate_after < 0) p.add("reminders.escalate_after must be 0 or more");
  if (!c.postmortem.required_severity.empty() &&
      !core::parse_severity(c.postmortem.required_severity))
    p.add("postmortem.required_severity `" + c.postmortem.required_severity +
                "` must be P1, P2, P3, P4 or \"\"");
  if (c.postmortem.required_impact_minutes < 0)
    p.add("postmortem.required_impact_minutes must be 0 or more");
  if (c.digest.completion_window <= Millis{0})
    p.add("digest.completion_window must be a duration, not off");
  if (c.digest.completion_target < 0 || c.digest.completion_target > 100)
    p.add("digest.completion_target must be a percentage from 0 to 100");
  if (!c.digest.platform.empty() && c.digest.platform != "slack" && c.digest.platform != "matrix" &&
      c.digest.platform != "console")
    p.add("digest.platform `" + c.digest.platform + "` must be slack, matrix or console");
}

}  // namespace scribe::app
