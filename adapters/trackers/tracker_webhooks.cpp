#include "adapters/trackers/tracker_webhooks.hpp"

#include <boost/json.hpp>

#include "adapters/net/json_fields.hpp"

namespace scribe::trackers {
namespace {

namespace json = boost::json;
using net::json::object;
using net::json::str;

}  // namespace

Observed decode_github_issue_event(std::string_view body) {
  const auto root = net::json::parse_object(body);
  if (!root) return std::string("the body is not a JSON object");
  const std::string action = str(*root, "action");
  if (action != "closed" && action != "reopened") return std::vector<core::TrackerObservation>{};
  const json::value* issue = object(*root, "issue");
  const json::value* repository = object(*root, "repository");
  if (!issue || !repository) return std::string("an `issues` event without issue or repository");
  const auto number = net::json::integer(*issue, "number");
  const std::string repo = str(*repository, "full_name");
  if (number <= 0 || repo.empty()) return std::string("the issue has no number or repository name");
  const json::value* sender = object(*root, "sender");
  return std::vector<core::TrackerObservation>{{repo + "#" + std::to_string(number),
                                                action == "closed",
                                                sender ? str(*sender, "login") : ""}};
}

Observed decode_jira_webhook(std::string_view body) {
  const auto root = net::json::parse_object(body);
  if (!root) return std::string("the body is not a JSON object");
  const std::string event = str(*root, "webhookEvent");
  if (event != "jira:issue_updated" && event != "jira:issue_created")
    return std::vector<core::TrackerObservation>{};
  const json::value* issue = object(*root, "issue");
  const std::string key = issue ? str(*issue, "key") : "";
  if (key.empty()) return std::string("an issue event without issue.key");
  const json::value* fields = object(*issue, "fields");
  const json::value* status = fields ? object(*fields, "status") : nullptr;
  const json::value* category = status ? object(*status, "statusCategory") : nullptr;
  if (!category) return std::vector<core::TrackerObservation>{};  // nothing about its state
  const json::value* user = object(*root, "user");
  return std::vector<core::TrackerObservation>{
      {key, str(*category, "key") == "done", user ? str(*user, "displayName") : ""}};
}

}  // namespace scribe::trackers
