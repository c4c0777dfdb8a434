// FakeJira: Jira Cloud REST v3 as Scribe uses it, answering in the samples'
// shapes (tests/fixtures/protocol/trackers/).
#include <openssl/evp.h>
#include <boost/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/fake_trackers.hpp"

namespace scribe::test {

namespace json = boost::json;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/trackers/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string basic(const std::string& user, const std::string& password) {
  const std::string plain = user + ":" + password;
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(plain.data()),
                                static_cast<int>(plain.size()));
  out.resize(static_cast<std::size_t>(n));
  return "Basic " + out;
}

TestResponse jira_error(int status, const std::string& message) {
  return TestResponse::json(
      json::serialize(json::object{{"errorMessages", json::array{json::value(message)}},
                                   {"errors", json::object{}}}),
      status);
}

// A status with its category, as Jira Cloud sends it.
json::object status_of(bool done) {
  return json::object{
      {"name", done ? "Done" : "To Do"},
      {"id", done ? "10001" : "10000"},
      {"statusCategory",
       {{"id", done ? 3 : 2}, {"key", done ? "done" : "new"}, {"name", done ? "Done" : "To Do"}}}};
}

}  // namespace

FakeJira::FakeJira(std::string project, std::string email, std::string token)
    : project_(std::move(project)), authorization_(basic(email, token)) {
  server_.on_http([this](const TestRequest& r) { return handle(r); });
}

TestResponse FakeJira::handle(const TestRequest& r) {
  if (r.header("Authorization") != authorization_)
    return jira_error(401, "Client must be authenticated");
  if (auto s = scripted(r)) return *s;
  const std::string path = r.path();
  boost::system::error_code ec;
  const json::value body = r.body.empty() ? json::value(nullptr) : json::parse(r.body, ec);
  if (ec) return jira_error(400, "Unexpected character");
  if (path == "/rest/api/3/issue" && r.method == "POST") {
    const auto* fields = body.is_object() ? body.as_object().if_contains("fields") : nullptr;
    if (!fields || !fields->is_object()) return jira_error(400, "fields are required");
    const auto& f = fields->as_object();
    const auto* description = f.if_contains("description");
    if (description && !description->is_object())
      return TestResponse::json(
          R"x({"errorMessages":[],"errors":{"description":"Operation value must be an Atlassian Document (see the Atlassian Document Format)"}})x",
          400);
    const auto* project = f.if_contains("project");
    if (!project || !project->is_object() || project->as_object().if_contains("key") == nullptr ||
        project->at("key").as_string() != project_)
      return TestResponse::json(
          R"({"errorMessages":[],"errors":{"project":"Specify a valid project ID or key"}})", 400);
    FakeIssue issue;
    std::chrono::milliseconds hold{0};
    {
      std::lock_guard lock(mutex_);
      issue.number = static_cast<int>(issues_.size()) + 1;
      issue.key = project_ + "-" + std::to_string(issue.number);
      issue.updated = std::chrono::system_clock::now();
      if (const auto* s = f.if_contains("summary"); s && s->is_string())
        issue.title = s->as_string();
      if (description) issue.body = json::serialize(*description);
      if (const auto* l = f.if_contains("labels"); l && l->is_array())
        for (const auto& x : l->as_array()) issue.labels.emplace_back(x.as_string());
      if (const auto* a = f.if_contains("assignee"); a && a->is_object())
        issue.assignees.emplace_back(a->at("accountId").as_string());
      if (const auto* d = f.if_contains("duedate"); d && d->is_string()) issue.due = d->as_string();
      issues_.push_back(issue);
      hold = hold_;
    }
    TestResponse created = TestResponse::json(
        json::serialize(json::object{
            {"id", std::to_string(10000 + issue.number)},
            {"key", issue.key},
            {"self", base_url() + "/rest/api/3/issue/" + std::to_string(10000 + issue.number)}}),
        201);
    created.delay = hold;
    return created;
  }
  if (path == "/rest/api/3/search/jql" && r.method == "POST") {
    static const std::regex kLabel(R"(labels = "([^"]+)\")");
    std::smatch m;
    const std::string jql = body.is_object() && body.as_object().contains("jql")
                                ? std::string(body.at("jql").as_string())
                                : "";
    if (!std::regex_search(jql, m, kLabel)) return jira_error(400, "unbounded JQL");
    const std::string label = m[1];
    // `updated >= "-15m"`: changed within the last minutes.
    static const std::regex kUpdated(R"(updated >= "-(\d+)m")");
    std::optional<std::chrono::system_clock::time_point> since;
    if (std::regex_search(jql, m, kUpdated))
      since = std::chrono::system_clock::now() - std::chrono::minutes(std::stoi(m[1]));
    json::array found;
    for (const auto& i : issues())
      if (std::find(i.labels.begin(), i.labels.end(), label) != i.labels.end() &&
          (!since || i.updated >= *since))
        found.push_back(json::object{{"id", std::to_string(10000 + i.number)},
                                     {"key", i.key},
                                     {"fields", {{"status", status_of(i.closed)}}}});
    return TestResponse::json(json::serialize(json::object{{"issues", found}, {"isLast", true}}));
  }
  static const std::regex kIssue(R"(^/rest/api/3/issue/([A-Z]+-(\d+))(/transitions|/comment)?$)");
  std::smatch m;
  if (!std::regex_match(path, m, kIssue)) return jira_error(404, "Not found");
  const int number = std::stoi(m[2]);
  const std::string what = m[3];
  std::lock_guard lock(mutex_);
  for (auto& i : issues_) {
    if (i.number != number || i.key != m[1]) continue;
    if (what.empty() && r.method == "GET")
      return TestResponse::json(
          json::serialize(json::object{{"id", std::to_string(10000 + i.number)},
                                       {"key", i.key},
                                       {"fields", {{"status", status_of(i.closed)}}}}));
    if (what == "/transitions" && r.method == "GET")
      return TestResponse::json(
          fixture("SHAPE-ONLY-jira-transitions-response-real-category-keys.json"));
    if (what == "/transitions" && r.method == "POST") {
      const std::string id =
          body.is_object() ? std::string(body.at("transition").at("id").as_string()) : "";
      if (id != "11" && id != "21" && id != "31")
        return jira_error(400, "Transition id is not valid");
      i.closed = id == "31";
      i.closed_by = "scribe-bot";
      i.updated = std::chrono::system_clock::now();
      TestResponse done;
      done.status = 204;
      return done;
    }
    if (what == "/comment" && r.method == "POST") {
      if (!body.is_object() || !body.as_object().contains("body") || !body.at("body").is_object())
        return jira_error(400, "Comment body must be an Atlassian Document");
      i.comments.push_back(json::serialize(body.at("body")));
      return TestResponse::json(R"({"id": "10010"})", 201);
    }
  }
  return jira_error(404, "Issue does not exist or you do not have permission to see it.");
}

std::string FakeJira::webhook(const FakeIssue& i, const std::string& who) const {
  json::value sample = json::parse(fixture("jira-webhook-issue_updated.json"));
  auto& issue = sample.at("issue").as_object();
  issue["key"] = i.key;
  issue["id"] = std::to_string(10000 + i.number);
  issue["fields"].as_object()["status"] = status_of(i.closed);
  sample.at("user").as_object()["displayName"] = who;
  return json::serialize(sample);
}

std::string FakeJira::move_to_done(int number, const std::string& who) {
  return webhook(change(number, true, who), who);
}

std::string FakeJira::move_to_todo(int number, const std::string& who) {
  return webhook(change(number, false, who), who);
}

}  // namespace scribe::test
