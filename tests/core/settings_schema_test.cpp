// The config sections the core declares on its own policies: every key is
// read into its field, and the checks refuse what the policy cannot use.
#include "bot/core/settings_schema.hpp"

#include <catch2/catch.hpp>

#include <map>

#include "bot/core/follow_up_policy.hpp"
#include "bot/core/postmortem_policy.hpp"

using namespace scribe::core;
using namespace std::chrono_literals;
using settings::Kind;
using settings::Section;
using settings::Value;

namespace {

// A value for each key that differs from the default; a key added to a
// section without one here fails the test below, so it cannot go unread.
const std::map<std::string, Value> kSamples = {
    {"reminders.check_every", Value{std::string("5m")}},
    {"reminders.remind_every", Value{std::string("6h")}},
    {"reminders.escalate_after", Value{std::int64_t{5}}},
    {"reminders.heads_up_before", Value{std::string("off")}},
    {"nudges.update_after_p1", Value{std::string("7m")}},
    {"nudges.update_after_p2", Value{std::string("off")}},
    {"nudges.update_after_p3", Value{std::string("1h")}},
    {"nudges.update_after_p4", Value{std::string("4h")}},
    {"nudges.lead_after", Value{std::string("off")}},
    {"digest.channel", Value{std::string("C0OPS")}},
    {"digest.platform", Value{std::string("matrix")}},
    {"digest.weekday", Value{std::string("friday")}},
    {"digest.time", Value{std::string("16:30")}},
    {"digest.completion_window", Value{std::string("30d")}},
    {"digest.completion_target", Value{std::int64_t{95}}},
    {"postmortem.templates_dir", Value{std::string("/srv/templates")}},
    {"postmortem.detection_target_minutes", Value{std::int64_t{10}}},
    {"postmortem.required_severity", Value{std::string("P1")}},
    {"postmortem.required_impact_minutes", Value{std::int64_t{0}}},
    {"postmortem.review_reminder_after", Value{std::string("1d")}},
};

template <class Settings>
void every_key_is_read(const Section<Settings>& section) {
  REQUIRE_FALSE(section.keys().empty());
  for (const auto& key : section.keys()) {
    const std::string name = section.dotted(key.name);
    INFO(name);
    const auto sample = kSamples.find(name);
    REQUIRE(sample != kSamples.end());
    Settings s;
    CHECK(key.read(s, sample->second).empty());
    CHECK_FALSE(s == Settings{});  // the key reached its field
  }
}

template <class Settings>
std::string problem(const Section<Settings>& section, const std::string& key, Value value) {
  Settings s;
  const auto* k = section.find(key);
  REQUIRE(k != nullptr);
  return k->read(s, value);
}

}  // namespace

TEST_CASE("every key of the follow-through sections reaches its policy field", "[settings]") {
  every_key_is_read(reminder_settings());
  every_key_is_read(nudge_settings());
  every_key_is_read(digest_settings());
  every_key_is_read(postmortem_settings());
}

TEST_CASE("the sections' checks refuse what the policies cannot use", "[settings]") {
  CHECK(problem(reminder_settings(), "remind_every", std::string("off")) ==
        "reminders.remind_every must be a duration, not off");
  CHECK(problem(reminder_settings(), "check_every", std::string("soon")) ==
        "`reminders.check_every` must be a duration like 15m, 2h or 3d");
  CHECK(problem(nudge_settings(), "lead_after", std::string("soon")) ==
        "`nudges.lead_after` must be a duration like 15m, 2h or 3d, or \"off\"");
  CHECK(problem(reminder_settings(), "escalate_after", std::int64_t{-1}) ==
        "reminders.escalate_after must be 0 or more");
  CHECK(problem(digest_settings(), "completion_target", std::int64_t{101}) ==
        "digest.completion_target must be a percentage from 0 to 100");
  CHECK(problem(digest_settings(), "time", std::string("9:00")) ==
        "`digest.time` must be a time of day like \"09:00\"");
  CHECK(problem(digest_settings(), "platform", std::string("irc")) ==
        "digest.platform `irc` must be slack, matrix or console");
  CHECK(problem(postmortem_settings(), "required_severity", std::string("P5")) ==
        "postmortem.required_severity `P5` must be P1, P2, P3, P4 or \"\"");
  // "" turns the severity rule off rather than being refused.
  PostmortemSettings p;
  CHECK(postmortem_settings().find("required_severity")->read(p, std::string("")).empty());
  CHECK_FALSE(p.policy.required_severity.has_value());
}
