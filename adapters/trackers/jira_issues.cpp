#include "adapters/trackers/jira_issues.hpp"

#include <boost/json.hpp>

#include "adapters/net/digest.hpp"
#include "adapters/net/json_fields.hpp"
#include "adapters/trackers/tracker_http.hpp"
#include "bot/core/time.hpp"

namespace scribe::trackers {
namespace {

namespace json = boost::json;
using boost::asio::awaitable;

// fields.status.statusCategory.key of an issue: "new", "indeterminate", "done".
std::string category_of(const json::value& issue) {
  const json::value* fields = net::json::object(issue, "fields");
  const json::value* status = fields ? net::json::object(*fields, "status") : nullptr;
  const json::value* category = status ? net::json::object(*status, "statusCategory") : nullptr;
  return category ? net::json::str(*category, "key") : std::string();
}

// A JQL string literal.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

class JiraIssues final : public TrackerApi {
  static constexpr int kMaxPages = 10;

 public:
  JiraIssues(net::HttpClient& client, const JiraConfig& config)
      : config_(config),
        http_(client, net::http_url_or_throw("trackers.jira.base_url", with_slash(config.base_url)),
              {{"Authorization", "Basic " + net::base64(config.email + ":" + config.api_token)}},
              {}, {config.api_token}),
        client_(client) {}

  std::string system() const override { return "jira"; }

  awaitable<Answer<RemoteIssue>> create(const core::TrackerIssue& issue,
                                        const std::string& assignee) override {
    json::array labels{"postmortem"};
    for (const auto& l : issue.labels) labels.emplace_back(l);
    labels.emplace_back(issue.marker);
    json::object fields{{"project", {{"key", config_.project}}},
                        {"summary", issue.title},
                        {"issuetype", {{"name", config_.issue_type}}},
                        {"description", adf_document(issue.paragraphs)},
                        {"labels", std::move(labels)}};
    if (issue.due) fields["duedate"] = core::format_date(*issue.due);
    if (!assignee.empty()) fields["assignee"] = json::object{{"accountId", assignee}};
    const json::value request = json::object{{"fields", std::move(fields)}};
    const auto reply = co_await http_.send("POST", "rest/api/3/issue", request);
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<RemoteIssue>::failed(reply.outcome);
    const std::string key = net::json::str(reply.body, "key");
    if (key.empty())
      co_return Answer<RemoteIssue>::failed(
          net::SendOutcome::transient_failure("Jira's answer has no issue key"));
    co_return Answer<RemoteIssue>::of(RemoteIssue{key, page_of(key), false, {}});
  }

  awaitable<Answer<std::optional<RemoteIssue>>> find(const core::TrackerIssue& issue) override {
    const json::object query{
        {"jql", "project = " + quoted(config_.project) + " AND labels = " + quoted(issue.marker)},
        {"fields", json::array{"status"}},
        {"maxResults", 5}};
    const auto reply = co_await http_.send("POST", "rest/api/3/search/jql", query);
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<std::optional<RemoteIssue>>::failed(reply.outcome);
    if (auto found = issues_in(reply.body); !found.empty())
      co_return Answer<std::optional<RemoteIssue>>::of(std::move(found.front()));
    co_return Answer<std::optional<RemoteIssue>>::of(std::nullopt);
  }

  awaitable<Answer<RemoteIssue>> read(const std::string& key) override {
    const auto reply = co_await http_.send("GET", "rest/api/3/issue/" + key + "?fields=status");
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<RemoteIssue>::failed(reply.outcome);
    co_return Answer<RemoteIssue>::of(
        RemoteIssue{key, page_of(key), category_of(reply.body) == "done", {}});
  }

  awaitable<Answer<std::vector<RemoteIssue>>> changed_since(core::Instant since) override {
    // Relative minutes: JQL reads an absolute time in the API user's own zone.
    const auto ago = std::chrono::ceil<std::chrono::minutes>(core::wall_clock_now() - since);
    const std::string jql = "project = " + quoted(config_.project) +
                            " AND labels = \"postmortem\" AND updated >= \"-" +
                            std::to_string(std::max<std::int64_t>(1, ago.count())) + "m\"";
    std::vector<RemoteIssue> changed;
    std::string next;
    for (int page = 0; page < kMaxPages; ++page) {
      json::object query{{"jql", jql}, {"fields", json::array{"status"}}, {"maxResults", 100}};
      if (!next.empty()) query["nextPageToken"] = next;
      const json::value request = std::move(query);
      const auto reply = co_await http_.send("POST", "rest/api/3/search/jql", request);
      if (reply.outcome.kind != net::SendOutcome::Kind::done)
        co_return Answer<std::vector<RemoteIssue>>::failed(reply.outcome);
      for (auto& issue : issues_in(reply.body)) changed.push_back(std::move(issue));
      next = net::json::str(reply.body, "nextPageToken");
      if (next.empty() || net::json::boolean(reply.body, "isLast")) break;
    }
    co_return Answer<std::vector<RemoteIssue>>::of(std::move(changed));
  }

  awaitable<Answer<Nothing>> close(const std::string& key, const std::string& comment) override {
    auto reply = co_await http_.send("GET", "rest/api/3/issue/" + key + "/transitions");
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<Nothing>::failed(reply.outcome);
    // The transition whose target is in the done category: names vary by workflow.
    std::string transition;
    if (const auto* o = reply.body.if_object())
      if (const auto* list = net::json::array_at(*o, "transitions"))
        for (const auto& t : *list) {
          const json::value* to = net::json::object(t, "to");
          const json::value* category = to ? net::json::object(*to, "statusCategory") : nullptr;
          if (category && net::json::str(*category, "key") == "done") {
            transition = net::json::str(t, "id");
            break;
          }
        }
    if (transition.empty())
      co_return Answer<Nothing>::failed(net::SendOutcome::permanent_failure(
          key + " has no transition to a status in the done category"));
    const json::value move_to_done = json::object{{"transition", {{"id", transition}}}};
    reply = co_await http_.send("POST", "rest/api/3/issue/" + key + "/transitions", move_to_done);
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<Nothing>::failed(reply.outcome);
    const json::value remark = json::object{{"body", adf_document({comment})}};
    reply = co_await http_.send("POST", "rest/api/3/issue/" + key + "/comment", remark);
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<Nothing>::failed(reply.outcome);
    co_return Answer<Nothing>::of({});
  }

  void shutdown() override { client_.shutdown(); }

 private:
  static std::string with_slash(std::string url) {
    if (!url.ends_with('/')) url += '/';
    return url;
  }
  // The issues of a search/jql answer.
  std::vector<RemoteIssue> issues_in(const json::value& answer) const {
    std::vector<RemoteIssue> out;
    if (const auto* o = answer.if_object())
      if (const auto* issues = net::json::array_at(*o, "issues"))
        for (const auto& found : *issues)
          if (const std::string key = net::json::str(found, "key"); !key.empty())
            out.push_back(RemoteIssue{key, page_of(key), category_of(found) == "done", {}});
    return out;
  }

  std::string page_of(const std::string& key) const {
    return with_slash(config_.base_url) + "browse/" + key;
  }

  JiraConfig config_;
  TrackerHttp http_;
  net::HttpClient& client_;
};

}  // namespace

json::value adf_document(const std::vector<std::string>& paragraphs) {
  json::array content;
  for (const auto& p : paragraphs)
    content.push_back(
        json::object{{"type", "paragraph"},
                     {"content", json::array{json::object{{"type", "text"}, {"text", p}}}}});
  return json::object{{"type", "doc"}, {"version", 1}, {"content", std::move(content)}};
}

std::unique_ptr<TrackerApi> make_jira_issues(net::HttpClient& client, const JiraConfig& config) {
  return std::make_unique<JiraIssues>(client, config);
}

}  // namespace scribe::trackers
