// Jira Cloud as a tracker: REST v3 with an API token (HTTP Basic, email and
// token). An issue's key is Jira's own ("OPS-112"); the marker is a label
// ("scribe-A-3"), found with JQL. Closing is a transition to a status of the
// done category, whatever the workflow calls it.
#pragma once

#include <memory>

#include "adapters/net/http_client.hpp"
#include "adapters/trackers/tracker_api.hpp"
#include "adapters/trackers/trackers_config.hpp"

namespace boost::json {
class value;
}

namespace scribe::trackers {

std::unique_ptr<TrackerApi> make_jira_issues(net::HttpClient& client, const JiraConfig& config);

// Plain paragraphs as an Atlassian Document (v3 takes nothing else for a description).
boost::json::value adf_document(const std::vector<std::string>& paragraphs);

}  // namespace scribe::trackers
