#include "adapters/trackers/github_issues.hpp"

#include <boost/describe.hpp>
#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <regex>

#include "adapters/net/json_fields.hpp"
#include "adapters/trackers/tracker_http.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"

namespace scribe::trackers {
namespace {

namespace json = boost::json;
using boost::asio::awaitable;

// The fields of an issue Scribe reads (REST "issue" schema).
struct IssueFields {
  std::int64_t number = 0;
  std::string html_url;
  std::string state;  // "open" | "closed"
  std::string body;
};
BOOST_DESCRIBE_STRUCT(IssueFields, (), (number, html_url, state, body))

std::string marker_comment(const std::string& marker) {
  return "<!-- " + marker + " -->";
}

class GitHubIssues final : public TrackerApi {
  static constexpr int kMaxPages = 10;  // 1,000 issues changed between two polls

 public:
  GitHubIssues(net::HttpClient& client, const GitHubConfig& config)
      : config_(config),
        http_(client, net::http_url_or_throw("trackers.github.api_url", config.api_url),
              {{"Authorization", "Bearer " + config.token}, {"X-GitHub-Api-Version", "2022-11-28"}},
              github_rate_limit_wait, {config.token}),
        client_(client) {}

  std::string system() const override { return "github"; }

  awaitable<Answer<RemoteIssue>> create(const core::TrackerIssue& issue,
                                        const std::string& assignee) override {
    json::array labels;
    for (const auto& l : config_.labels) labels.emplace_back(l);
    for (const auto& l : issue.labels) labels.emplace_back(l);
    json::object body{
        {"title", issue.title},
        {"body", core::join(issue.paragraphs, "\n\n") + "\n\n" + marker_comment(issue.marker)},
        {"labels", std::move(labels)}};
    if (!assignee.empty()) body["assignees"] = json::array{json::value(assignee)};
    const auto reply = co_await http_.send("POST", issues_path(), body);
    co_return as_issue(reply);
  }

  awaitable<Answer<std::optional<RemoteIssue>>> find(const core::TrackerIssue& issue) override {
    // Among the incident's issues first; then among the repository's newest,
    // since GitHub drops the labels of a token without push access. Both are
    // the list endpoint (the database), not search (an index that lags).
    const std::string label = issue.labels.empty() ? std::string() : issue.labels.front();
    const std::array<std::string, 2> queries{
        "?state=all&per_page=100&labels=" + label,
        "?state=all&per_page=100&sort=created&direction=desc"};
    for (const auto& query : queries) {
      const auto reply = co_await http_.send("GET", issues_path() + query);
      if (reply.outcome.kind != net::SendOutcome::Kind::done)
        co_return Answer<std::optional<RemoteIssue>>::failed(reply.outcome);
      if (auto found = with_marker(reply.body, issue.marker))
        co_return Answer<std::optional<RemoteIssue>>::of(std::move(found));
    }
    co_return Answer<std::optional<RemoteIssue>>::of(std::nullopt);
  }

  awaitable<Answer<RemoteIssue>> read(const std::string& key) override {
    const auto number = number_of(key);
    if (!number) co_return bad_key(key);
    const auto reply = co_await http_.send("GET", issues_path() + "/" + *number);
    auto answer = as_issue(reply);
    if (answer.ok())
      if (const auto* closed_by = net::json::object(reply.body, "closed_by"))
        answer.value->by = net::json::str(*closed_by, "login");
    co_return answer;
  }

  awaitable<Answer<std::vector<RemoteIssue>>> changed_since(core::Instant since) override {
    // Scribe's issues carry the first configured label; without one, every
    // issue of the repository updated since then (the keys tell Scribe's apart).
    const std::string label = config_.labels.empty() ? "" : "&labels=" + config_.labels.front();
    std::vector<RemoteIssue> changed;
    for (int page = 1; page <= kMaxPages; ++page) {
      const auto reply = co_await http_.send(
          "GET", issues_path() + "?state=all&per_page=100&page=" + std::to_string(page) +
                     "&since=" + core::format_iso8601(since) + label);
      if (reply.outcome.kind != net::SendOutcome::Kind::done)
        co_return Answer<std::vector<RemoteIssue>>::failed(reply.outcome);
      const auto* list = reply.body.if_array();
      if (!list) break;
      for (const auto& item : *list) {
        RemoteIssue issue = remote(net::json::described<IssueFields>(item));
        if (const auto* closed_by = net::json::object(item, "closed_by"))
          issue.by = net::json::str(*closed_by, "login");
        changed.push_back(std::move(issue));
      }
      if (list->size() < 100) break;
    }
    co_return Answer<std::vector<RemoteIssue>>::of(std::move(changed));
  }

  awaitable<Answer<Nothing>> close(const std::string& key, const std::string& comment) override {
    const auto number = number_of(key);
    if (!number) co_return Answer<Nothing>::failed(bad_key(key).failure);
    // The state first: sent twice it is still one close; the comment after it.
    // (Bodies built before co_await: GCC 12 miscompiles braced temporaries in it.)
    const json::value closing = json::object{{"state", "closed"}, {"state_reason", "completed"}};
    auto reply = co_await http_.send("PATCH", issues_path() + "/" + *number, closing);
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<Nothing>::failed(reply.outcome);
    const json::value remark = json::object{{"body", comment}};
    reply = co_await http_.send("POST", issues_path() + "/" + *number + "/comments", remark);
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      co_return Answer<Nothing>::failed(reply.outcome);
    co_return Answer<Nothing>::of({});
  }

  void shutdown() override { client_.shutdown(); }

 private:
  std::string issues_path() const { return "repos/" + config_.repo + "/issues"; }

  // "acme/web#41" -> "41", for this repository's issues only.
  std::optional<std::string> number_of(const std::string& key) const {
    const std::string prefix = config_.repo + "#";
    if (!key.starts_with(prefix) || key.size() == prefix.size()) return std::nullopt;
    const std::string n = key.substr(prefix.size());
    if (n.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    return n;
  }

  static Answer<RemoteIssue> bad_key(const std::string& key) {
    return Answer<RemoteIssue>::failed(
        net::SendOutcome::permanent_failure("`" + key + "` is not an issue of this repository"));
  }

  // The issue in a list whose body carries `marker`.
  std::optional<RemoteIssue> with_marker(const json::value& list, const std::string& marker) const {
    const std::string wanted = marker_comment(marker);
    if (const auto* issues = list.if_array())
      for (const auto& item : *issues) {
        const auto fields = net::json::described<IssueFields>(item);
        if (fields.body.find(wanted) != std::string::npos) return remote(fields);
      }
    return std::nullopt;
  }

  RemoteIssue remote(const IssueFields& f) const {
    return RemoteIssue{
        config_.repo + "#" + std::to_string(f.number), f.html_url, f.state == "closed", {}};
  }

  Answer<RemoteIssue> as_issue(const JsonReply& reply) const {
    if (reply.outcome.kind != net::SendOutcome::Kind::done)
      return Answer<RemoteIssue>::failed(reply.outcome);
    const auto fields = net::json::described<IssueFields>(reply.body);
    if (fields.number <= 0)
      return Answer<RemoteIssue>::failed(
          net::SendOutcome::transient_failure("GitHub's answer has no issue number"));
    return Answer<RemoteIssue>::of(remote(fields));
  }

  GitHubConfig config_;
  TrackerHttp http_;
  net::HttpClient& client_;
};

}  // namespace

std::optional<net::Millis> github_rate_limit_wait(const net::HttpResult& result) {
  if (result.ec || (result.status != 403 && result.status != 429)) return std::nullopt;
  static const std::regex kSecondary(R"(\bsecondary rate\b)", std::regex::icase);
  if (std::regex_search(result.body, kSecondary))
    return result.retry_after().value_or(std::chrono::seconds(60));
  if (const auto remaining = result.header("x-ratelimit-remaining");
      remaining && *remaining == "0") {
    std::int64_t reset = 0;
    try {
      reset = std::stoll(std::string(result.header("x-ratelimit-reset").value_or("0")));
    } catch (const std::exception&) {
      reset = 0;
    }
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const auto wait = std::chrono::seconds(reset) - now + std::chrono::seconds(1);
    return std::max<net::Millis>(std::chrono::seconds(1), wait);
  }
  return std::nullopt;
}

std::unique_ptr<TrackerApi> make_github_issues(net::HttpClient& client,
                                               const GitHubConfig& config) {
  return std::make_unique<GitHubIssues>(client, config);
}

}  // namespace scribe::trackers
