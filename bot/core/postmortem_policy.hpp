// Whether an incident needs a full postmortem: decided at close from its
// severity and its customer impact, against thresholds the team configures.
#pragma once

#include <optional>
#include <string>

#include "bot/core/postmortem.hpp"
#include "bot/core/settings_schema.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

struct PostmortemPolicy {
  // This severity or a worse one (P1 is worse than P2) needs a full postmortem;
  // empty: severity alone never does.
  std::optional<Severity> required_severity = Severity::p2;
  // This many minutes of customer impact or more needs one too; 0: impact alone never does.
  int required_impact_minutes = 30;
  // A required postmortem still without a reviewer this long after close
  // reminds the lead (then every reminders.remind_every); 0: never.
  Millis review_reminder_after = std::chrono::hours{72};
  bool operator==(const PostmortemPolicy&) const = default;
};

// The [postmortem] section of the config: the policy above, the figures'
// detection target, and where the team's own templates are.
struct PostmortemSettings {
  std::string templates_dir;  // "" = the built-in templates
  int detection_target_minutes = 2;
  PostmortemPolicy policy;
  bool operator==(const PostmortemSettings&) const = default;
};
const settings::Section<PostmortemSettings>& postmortem_settings();

struct PostmortemRequirement {
  bool required = false;
  // Why, in a few words: "P1; 40 min of customer impact", "P3, 12 min of customer impact".
  std::string reason;
};

PostmortemRequirement postmortem_requirement(const Incident& incident,
                                             const PostmortemFigures& figures,
                                             const PostmortemPolicy& policy);

// The sentence `/incident close` adds to its reply.
std::string postmortem_requirement_sentence(const Incident& incident,
                                            const PostmortemRequirement& requirement);

}  // namespace scribe::core
