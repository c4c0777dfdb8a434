// The [trackers], [trackers.github] and [trackers.jira] sections, declared
// next to the clients they configure: where action items become issues, when,
// and how often their state is read back. One tracker at a time.
// Header-only and protocol-free (bot/core/settings_schema.hpp).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "bot/core/settings_schema.hpp"
#include "bot/core/tracker.hpp"

namespace scribe::trackers {

struct GitHubConfig {
  std::string api_url = "https://api.github.com/";
  std::string repo;   // owner/name; "" = off
  std::string token;  // secret
  std::vector<std::string> labels{"postmortem"};
};

struct JiraConfig {
  std::string base_url;  // https://example.atlassian.net/; "" = off
  std::string project;   // project key, "OPS"
  std::string email;
  std::string api_token;  // secret
  std::string issue_type = "Task";
  std::string webhook_secret;  // secret: signs /signals/jira
};

struct TrackersConfig {
  std::string export_when = "manual";  // key `export`: on_create, on_close, manual
  core::Millis sync_every = std::chrono::minutes(10);
  GitHubConfig github;
  JiraConfig jira;

  // The tracker in use, for the engine ("" when neither is set).
  core::TrackerTarget target() const {
    core::TrackerTarget t;
    t.when = core::parse_export_when(export_when).value_or(core::ExportWhen::manual);
    if (!github.repo.empty()) {
      t.system = "github";
      t.where = github.repo;
    } else if (!jira.base_url.empty()) {
      t.system = "jira";
      t.where = jira.project;
    }
    return t;
  }
};

inline const core::settings::Section<TrackersConfig>& config_section() {
  using core::settings::Off;
  static const auto section =
      core::settings::Section<TrackersConfig>("trackers")
          .text(
              "export", [](TrackersConfig & t) -> auto& { return t.export_when; },
              [](const std::string& when) {
                return core::parse_export_when(when)
                           ? std::string()
                           : "trackers.export `" + when +
                                 "` must be \"on_create\", \"on_close\" or \"manual\"";
              })
          .duration(
              "sync_every", [](TrackersConfig & t) -> auto& { return t.sync_every; }, Off::allowed);
  return section;
}

// Across the three sections (read one after the other): one tracker at a time.
inline std::string one_tracker_problem(const TrackersConfig& t) {
  if (!t.github.repo.empty() && !t.jira.base_url.empty())
    return "trackers.github.repo and trackers.jira.base_url are both set: Scribe exports to one "
           "tracker, so leave one of them empty";
  return {};
}

inline const core::settings::Section<GitHubConfig>& github_section() {
  static const auto section =
      core::settings::Section<GitHubConfig>("trackers.github")
          .text(
              "api_url", [](GitHubConfig & g) -> auto& { return g.api_url; })
          .text(
              "repo", [](GitHubConfig & g) -> auto& { return g.repo; },
              [](const std::string& repo) {
                const auto slash = repo.find('/');
                const bool ok = repo.empty() || (slash != std::string::npos && slash > 0 &&
                                                 slash + 1 < repo.size() &&
                                                 repo.find('/', slash + 1) == std::string::npos);
                return ok ? std::string()
                          : "trackers.github.repo `" + repo + "` must be owner/name, like acme/web";
              })
          .secret(
              "token", [](GitHubConfig & g) -> auto& { return g.token; }, "SCRIBE_GITHUB_TOKEN")
          .list(
              "labels", [](GitHubConfig & g) -> auto& { return g.labels; })
          .rule([](const GitHubConfig& g, std::vector<std::string>& problems) {
            if (!g.repo.empty() && g.token.empty())
              problems.push_back(
                  "trackers.github.repo is set but its token is not (set trackers.github.token "
                  "or SCRIBE_GITHUB_TOKEN)");
          });
  return section;
}

inline const core::settings::Section<JiraConfig>& jira_section() {
  static const auto section =
      core::settings::Section<JiraConfig>("trackers.jira")
          .text(
              "base_url", [](JiraConfig & j) -> auto& { return j.base_url; })
          .text(
              "project", [](JiraConfig & j) -> auto& { return j.project; })
          .text(
              "email", [](JiraConfig & j) -> auto& { return j.email; })
          .secret(
              "api_token", [](JiraConfig & j) -> auto& { return j.api_token; },
              "SCRIBE_JIRA_API_TOKEN")
          .text(
              "issue_type", [](JiraConfig & j) -> auto& { return j.issue_type; })
          .secret(
              "webhook_secret", [](JiraConfig & j) -> auto& { return j.webhook_secret; },
              "SCRIBE_JIRA_WEBHOOK_SECRET")
          .rule([](const JiraConfig& j, std::vector<std::string>& problems) {
            if (j.base_url.empty()) return;
            if (j.project.empty())
              problems.push_back("trackers.jira.base_url is set but project is not (a key like OPS)");
            if (j.email.empty() || j.api_token.empty())
              problems.push_back(
                  "trackers.jira needs email and api_token (or SCRIBE_JIRA_API_TOKEN) to sign in");
          });
  return section;
}

}  // namespace scribe::trackers
