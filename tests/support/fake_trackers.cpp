// FakeTracker's shared state and FakeGitHub (fake_jira.cpp: FakeJira).
#include <boost/json.hpp>

#include <regex>
#include <thread>

#include "tests/support/fake_trackers.hpp"

#include "bot/core/time.hpp"

namespace scribe::test {

namespace json = boost::json;

std::vector<FakeIssue> FakeTracker::issues() const {
  std::lock_guard lock(mutex_);
  return issues_;
}

std::optional<FakeIssue> FakeTracker::issue(int number) const {
  std::lock_guard lock(mutex_);
  for (const auto& i : issues_)
    if (i.number == number) return i;
  return std::nullopt;
}

void FakeTracker::answer_next(const std::string& prefix, TestResponse response, int n) {
  std::lock_guard lock(mutex_);
  scripts_.push_back({prefix, std::move(response), n});
}

void FakeTracker::hold_create_answers(std::chrono::milliseconds hold) {
  std::lock_guard lock(mutex_);
  hold_ = hold;
}

bool FakeTracker::wait_for_issues(std::size_t n, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (issues().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return issues().size() >= n;
}

std::optional<TestResponse> FakeTracker::scripted(const TestRequest& r) {
  std::lock_guard lock(mutex_);
  const std::string what = r.method + " " + r.path();
  for (auto it = scripts_.begin(); it != scripts_.end(); ++it) {
    if (!what.starts_with(it->prefix)) continue;
    TestResponse response = it->response;
    if (--it->left <= 0) scripts_.erase(it);
    return response;
  }
  return std::nullopt;
}

FakeIssue FakeTracker::change(int number, bool closed, const std::string& by) {
  std::lock_guard lock(mutex_);
  for (auto& i : issues_)
    if (i.number == number) {
      i.closed = closed;
      if (closed) i.closed_by = by;
      i.updated = std::chrono::system_clock::now();
      return i;
    }
  return {};
}

namespace {

json::value parse_or_null(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value(nullptr) : v;
}

TestResponse github_error(int status, const std::string& message) {
  return TestResponse::json(
      json::serialize(json::object{{"message", message},
                                   {"documentation_url", "https://docs.github.com/rest"}}),
      status);
}

}  // namespace

FakeGitHub::FakeGitHub(std::string repo, std::string token)
    : repo_(std::move(repo)), token_(std::move(token)) {
  server_.on_http([this](const TestRequest& r) { return handle(r); });
}

std::string FakeGitHub::issue_json(const FakeIssue& i) const {
  json::array labels, assignees;
  for (const auto& l : i.labels) labels.push_back(json::object{{"name", l}});
  for (const auto& a : i.assignees) assignees.push_back(json::object{{"login", a}});
  json::object o{
      {"url", base_url() + "/repos/" + repo_ + "/issues/" + std::to_string(i.number)},
      {"html_url", "https://github.com/" + repo_ + "/issues/" + std::to_string(i.number)},
      {"number", i.number},
      {"title", i.title},
      {"body", i.body},
      {"state", i.closed ? "closed" : "open"},
      {"state_reason", i.closed ? json::value("completed") : json::value(nullptr)},
      {"labels", std::move(labels)},
      {"assignees", std::move(assignees)},
      {"user", {{"login", "scribe-bot"}}}};
  o["closed_by"] =
      i.closed ? json::value(json::object{{"login", i.closed_by}}) : json::value(nullptr);
  return json::serialize(o);
}

TestResponse FakeGitHub::handle(const TestRequest& r) {
  if (r.header("Authorization") != "Bearer " + token_) return github_error(401, "Bad credentials");
  if (r.header("User-Agent").empty())
    return github_error(403, "Request forbidden by administrative rules");
  if (auto s = scripted(r)) return *s;
  const std::string prefix = "/repos/" + repo_ + "/issues";
  const std::string path = r.path();
  if (!path.starts_with(prefix)) return github_error(404, "Not Found");
  const std::string rest = path.substr(prefix.size());
  static const std::regex kOne(R"(^/(\d+)$)"), kComments(R"(^/(\d+)/comments$)");
  std::smatch m;
  if (rest.empty() && r.method == "POST") {
    const auto body = parse_or_null(r.body);
    if (!body.is_object() || !body.as_object().contains("title"))
      return github_error(422, "Validation Failed");
    FakeIssue issue;
    std::chrono::milliseconds hold{0};
    std::string answer;
    {
      std::lock_guard lock(mutex_);
      issue.number = static_cast<int>(issues_.size()) + 1;
      issue.key = repo_ + "#" + std::to_string(issue.number);
      issue.updated = std::chrono::system_clock::now();
      issue.title = std::string(body.at("title").as_string());
      if (const auto* b = body.as_object().if_contains("body"); b && b->is_string())
        issue.body = std::string(b->as_string());
      if (const auto* l = body.as_object().if_contains("labels"); l && l->is_array() && !drop_labels_)
        for (const auto& x : l->as_array()) issue.labels.emplace_back(x.as_string());
      if (const auto* a = body.as_object().if_contains("assignees");
          a && a->is_array() && !drop_labels_)
        for (const auto& x : a->as_array()) issue.assignees.emplace_back(x.as_string());
      issues_.push_back(issue);
      hold = hold_;
    }
    TestResponse created = TestResponse::json(issue_json(issue), 201);
    created.headers.emplace_back("Location",
                                 base_url() + prefix + "/" + std::to_string(issue.number));
    created.delay = hold;
    return created;
  }
  if (rest.empty() && r.method == "GET") {
    // ?labels=a&state=all&since=<ISO-8601>: the issues with that label
    // updated at or after then (one page: the fake holds few).
    static const std::regex kLabels(R"([?&]labels=([^&]*))"), kSince(R"([?&]since=([^&]*))");
    std::smatch lm;
    std::string wanted;
    if (std::regex_search(r.target, lm, kLabels)) wanted = lm[1];
    std::optional<core::Instant> since;
    if (std::regex_search(r.target, lm, kSince)) {
      since = core::parse_iso8601(lm[1].str());
      if (!since) return github_error(422, "Validation Failed: since");
    }
    json::array list;
    auto all = issues();
    if (r.target.find("direction=desc") != std::string::npos) std::reverse(all.begin(), all.end());
    for (const auto& i : all) {
      if (!wanted.empty() && std::find(i.labels.begin(), i.labels.end(), wanted) == i.labels.end())
        continue;
      if (since && std::chrono::time_point_cast<std::chrono::milliseconds>(i.updated) < *since)
        continue;
      list.push_back(json::parse(issue_json(i)));
    }
    return TestResponse::json(json::serialize(list));
  }
  if (std::regex_match(rest, m, kOne)) {
    const int n = std::stoi(m[1]);
    std::lock_guard lock(mutex_);
    for (auto& i : issues_) {
      if (i.number != n) continue;
      if (r.method == "PATCH") {
        const auto body = parse_or_null(r.body);
        if (body.is_object())
          if (const auto* s = body.as_object().if_contains("state"); s && s->is_string()) {
            i.closed = s->as_string() == "closed";
            i.closed_by = "scribe-bot";
            i.updated = std::chrono::system_clock::now();
          }
      }
      return TestResponse::json(issue_json(i));
    }
    return github_error(404, "Not Found");
  }
  if (std::regex_match(rest, m, kComments) && r.method == "POST") {
    const int n = std::stoi(m[1]);
    const auto body = parse_or_null(r.body);
    std::lock_guard lock(mutex_);
    for (auto& i : issues_)
      if (i.number == n && body.is_object() && body.as_object().contains("body")) {
        i.comments.emplace_back(body.at("body").as_string());
        return TestResponse::json(R"({"id": 1, "body": "ok"})", 201);
      }
    return github_error(404, "Not Found");
  }
  return github_error(404, "Not Found");
}

std::string FakeGitHub::webhook(const FakeIssue& i, const std::string& action,
                                const std::string& login) const {
  json::object o{
      {"action", action},
      {"issue", parse_or_null(issue_json(i))},
      {"repository", {{"full_name", repo_}, {"name", repo_.substr(repo_.find('/') + 1)}}},
      {"sender", {{"login", login}}}};
  return json::serialize(o);
}

std::string FakeGitHub::close(int number, const std::string& login) {
  return webhook(change(number, true, login), "closed", login);
}

std::string FakeGitHub::reopen(int number, const std::string& login) {
  return webhook(change(number, false, login), "reopened", login);
}

}  // namespace scribe::test
