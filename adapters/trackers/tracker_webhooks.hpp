// The trackers' webhooks, read into what Scribe follows: an issue closed or
// reopened. GitHub's `issues` event arrives on /signals/github (its signature
// checked there); Jira's issue events on /signals/jira, signed with
// [trackers.jira] webhook_secret.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bot/core/tracker.hpp"

namespace scribe::trackers {

// The observations in a payload, or why it could not be read.
using Observed = std::variant<std::vector<core::TrackerObservation>, std::string>;

// `issues` with action closed or reopened: one observation; other actions none.
Observed decode_github_issue_event(std::string_view body);
// jira:issue_updated (and jira:issue_created): the issue's status category.
Observed decode_jira_webhook(std::string_view body);

}  // namespace scribe::trackers
