// A fake GitHub (Issues REST) and a fake Jira Cloud (REST v3) on 127.0.0.1,
// on top of TestServer, answering in the shapes of tests/fixtures/protocol/
// trackers/. Each keeps its issues, checks the credential, and misbehaves on
// demand: the next requests answered with a chosen response (a 403 secondary
// rate limit, a 429), the create answer held back (so a test can kill Scribe
// after the issue exists but before Scribe heard of it). A test changes an
// issue as a person would (close, reopen) and gets the tracker's webhook body
// for it.
//
// Thread-safe: server threads run the handlers; tests call from their thread.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_server.hpp"

namespace scribe::test {

struct FakeIssue {
  int number = 0;     // GitHub: the number; Jira: the key's number (OPS-<n>)
  std::string key;    // "acme/web#1", "OPS-1"
  std::string title;  // GitHub title, Jira summary
  std::string body;   // GitHub body; Jira: the ADF description as JSON text
  std::vector<std::string> labels;
  std::vector<std::string> assignees;  // GitHub logins; Jira: the accountId
  std::string due;                     // Jira duedate
  bool closed = false;
  std::string closed_by;
  std::vector<std::string> comments;  // GitHub bodies; Jira: ADF as JSON text
  std::chrono::system_clock::time_point updated{};  // made or last changed
};

// What both fakes share: issues, scripted answers, a hold on create answers.
class FakeTracker {
 public:
  virtual ~FakeTracker() = default;
  std::string base_url() const { return server_.base_url(); }
  std::vector<FakeIssue> issues() const;
  std::optional<FakeIssue> issue(int number) const;
  std::vector<TestRequest> requests() const { return server_.requests(); }
  // The next `n` requests whose "METHOD path" starts with `prefix` get `response`.
  void answer_next(const std::string& prefix, TestResponse response, int n = 1);
  // Create answers wait this long after the issue is stored (0: answer at once).
  void hold_create_answers(std::chrono::milliseconds hold);
  // Waits until `n` issues exist.
  bool wait_for_issues(std::size_t n, std::chrono::milliseconds timeout) const;

 protected:
  FakeTracker() = default;
  // The scripted answer for this request, if one is due.
  std::optional<TestResponse> scripted(const TestRequest& r);
  // A person closes or reopens issue `number`: the issue as it is after.
  FakeIssue change(int number, bool closed, const std::string& by);

  TestServer server_;
  mutable std::mutex mutex_;
  std::vector<FakeIssue> issues_;
  std::chrono::milliseconds hold_{0};

 private:
  struct Script {
    std::string prefix;
    TestResponse response;
    int left;
  };
  std::deque<Script> scripts_;
};

class FakeGitHub final : public FakeTracker {
 public:
  explicit FakeGitHub(std::string repo = "acme/web", std::string token = "ghp-test-token");
  // A person closes or reopens an issue; returns the `issues` webhook body.
  std::string close(int number, const std::string& login = "samdev");
  std::string reopen(int number, const std::string& login = "samdev");
  // As for a token without push access: labels and assignees silently dropped.
  void drop_labels_and_assignees(bool drop) {
    std::lock_guard lock(mutex_);
    drop_labels_ = drop;
  }

 private:
  TestResponse handle(const TestRequest& r);
  std::string issue_json(const FakeIssue& issue) const;
  std::string webhook(const FakeIssue& issue, const std::string& action,
                      const std::string& login) const;
  std::string repo_;
  std::string token_;
  bool drop_labels_ = false;
};

class FakeJira final : public FakeTracker {
 public:
  explicit FakeJira(std::string project = "OPS", std::string email = "bot@example.com",
                    std::string token = "jira-test-token");
  // A person moves an issue to Done (or back to To Do); returns the
  // jira:issue_updated webhook body (the real sample with this issue in it).
  std::string move_to_done(int number, const std::string& who = "Sam Dev");
  std::string move_to_todo(int number, const std::string& who = "Sam Dev");

 private:
  TestResponse handle(const TestRequest& r);
  std::string webhook(const FakeIssue& issue, const std::string& who) const;
  std::string project_;
  std::string authorization_;
};

}  // namespace scribe::test
