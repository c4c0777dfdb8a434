#include "bot/app/config_follow_through.hpp"

#include <cstdio>

#include "bot/core/time.hpp"
#include "bot/core/types.hpp"

namespace scribe::app {
namespace {

using Millis = std::chrono::milliseconds;

[[noreturn]] void fail(const Config& c, const std::string& why) {
  throw ConfigError(c.source + ": " + why);
}

template <typename T>
bool read_value(const toml::table& table, const std::string& key, T& into, const std::string& where,
                const Config& c) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return false;
  auto value = node->value<T>();
  if (!value) fail(c, "`" + where + key + "` has the wrong type");
  into = *value;
  return true;
}

void read_int(const toml::table& table, const std::string& key, int& into, const std::string& where,
              const Config& c) {
  std::int64_t value = into;
  if (read_value(table, key, value, where, c)) into = static_cast<int>(value);
}

// A duration ("30m", "24h", "3d"); "off" or "0" turns the feature off (0).
void read_duration(const toml::table& table, const std::string& key, Millis& into,
                   const std::string& where, const Config& c) {
  std::string text;
  if (!read_value(table, key, text, where, c)) return;
  if (text == "off" || text == "0") {
    into = Millis{0};
    return;
  }
  auto d = core::parse_duration(text);
  if (!d) fail(c, "`" + where + key + "` must be a duration like 15m, 2h or 3d, or \"off\"");
  into = *d;
}

}  // namespace

void read_follow_through(const toml::table& root, Config& c) {
  if (auto* t = root["reminders"].as_table()) {
    read_int(*t, "escalate_after", c.reminders.escalate_after, "reminders.", c);
    read_duration(*t, "heads_up_before", c.reminders.heads_up_before, "reminders.", c);
  }
  if (auto* t = root["nudges"].as_table()) {
    read_duration(*t, "update_after_p1", c.nudges.update_after_p1, "nudges.", c);
    read_duration(*t, "update_after_p2", c.nudges.update_after_p2, "nudges.", c);
    read_duration(*t, "update_after_p3", c.nudges.update_after_p3, "nudges.", c);
    read_duration(*t, "update_after_p4", c.nudges.update_after_p4, "nudges.", c);
    read_duration(*t, "lead_after", c.nudges.lead_after, "nudges.", c);
  }
  if (auto* t = root["postmortem"].as_table()) {
    read_value(*t, "required_severity", c.postmortem.required_severity, "postmortem.", c);
    read_int(*t, "required_impact_minutes", c.postmortem.required_impact_minutes, "postmortem.", c);
    read_duration(*t, "review_reminder_after", c.postmortem.review_reminder_after, "postmortem.",
                  c);
  }
  if (auto* t = root["digest"].as_table()) {
    read_value(*t, "channel", c.digest.channel, "digest.", c);
    read_value(*t, "platform", c.digest.platform, "digest.", c);
    std::string weekday;
    if (read_value(*t, "weekday", weekday, "digest.", c)) {
      const auto day = core::parse_weekday(weekday);
      if (!day) fail(c, "`digest.weekday` must be a day of the week like \"monday\"");
      c.digest.weekday = *day;
    }
    std::string time;
    if (read_value(*t, "time", time, "digest.", c)) {
      unsigned hours = 0, minutes = 0;
      char rest = 0;
      if (std::sscanf(time.c_str(), "%2u:%2u%c", &hours, &minutes, &rest) != 2 || hours > 23 ||
          minutes > 59 || time.size() != 5)
        fail(c, "`digest.time` must be a time of day like \"09:00\"");
      c.digest.time_of_day = std::chrono::hours{hours} + std::chrono::minutes{minutes};
    }
    read_duration(*t, "completion_window", c.digest.completion_window, "digest.", c);
    read_int(*t, "completion_target", c.digest.completion_target, "digest.", c);
  }
}

void validate_follow_through(const Config& c) {
  if (c.reminders.remind_every <= Millis{0})
    fail(c, "reminders.remind_every must be a duration, not off");
  if (c.reminders.check_every <= Millis{0})
    fail(c, "reminders.check_every must be a duration, not off");
  if (c.reminders.escalate_after < 0) fail(c, "reminders.escalate_after must be 0 or more");
  if (!c.postmortem.required_severity.empty() &&
      !core::parse_severity(c.postmortem.required_severity))
    fail(c, "postmortem.required_severity `" + c.postmortem.required_severity +
                "` must be P1, P2, P3, P4 or \"\"");
  if (c.postmortem.required_impact_minutes < 0)
    fail(c, "postmortem.required_impact_minutes must be 0 or more");
  if (c.digest.completion_window <= Millis{0})
    fail(c, "digest.completion_window must be a duration, not off");
  if (c.digest.completion_target < 0 || c.digest.completion_target > 100)
    fail(c, "digest.completion_target must be a percentage from 0 to 100");
  if (!c.digest.platform.empty() && c.digest.platform != "slack" && c.digest.platform != "matrix" &&
      c.digest.platform != "console")
    fail(c, "digest.platform `" + c.digest.platform + "` must be slack, matrix or console");
}

}  // namespace scribe::app
