// GitHub Issues as a tracker: REST v3 (2022-11-28) with a token. An issue's
// key is "owner/name#number"; the marker is an HTML comment in the body, and
// the issue is found again among those labelled with the incident's id (the
// list endpoint reads the database, not the search index, so an issue made a
// moment ago is there).
#pragma once

#include <memory>

#include "adapters/net/http_client.hpp"
#include "adapters/trackers/tracker_api.hpp"
#include "adapters/trackers/trackers_config.hpp"

namespace scribe::trackers {

std::unique_ptr<TrackerApi> make_github_issues(net::HttpClient& client, const GitHubConfig& config);

// GitHub's "slow down" beyond a 429: a 403 or 429 saying "secondary rate
// limit" (Retry-After, else 60 s, as octokit waits) or x-ratelimit-remaining
// 0 (until x-ratelimit-reset, UTC epoch seconds).
std::optional<net::Millis> github_rate_limit_wait(const net::HttpResult& result);

}  // namespace scribe::trackers
