// What Scribe asks of a tracker, the same for GitHub Issues and Jira: make an
// issue, find the one it made (by the marker written into it), read an issue's
// state, close one with a comment. Each call is one attempt; its Answer says
// whether to wait (a rate limit: nothing was done), try again later (the
// network: something may have been done), or give up (the tracker said no).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "adapters/net/outbound_queue.hpp"
#include "bot/core/tracker.hpp"

namespace scribe::trackers {

// An issue in the tracker, as Scribe keeps it.
struct RemoteIssue {
  std::string key;  // "acme/web#41", "OPS-112"
  std::string url;  // its page for people
  bool closed = false;
  std::string by;  // who last closed or reopened it, when the tracker says
};

// A value, or why there is none (a SendOutcome that is not `done`).
template <class T>
struct Answer {
  std::optional<T> value;
  net::SendOutcome failure = net::SendOutcome::done();

  bool ok() const { return value.has_value(); }
  static Answer of(T v) { return Answer{std::move(v), net::SendOutcome::done()}; }
  static Answer failed(net::SendOutcome why) { return Answer{std::nullopt, std::move(why)}; }
};
struct Nothing {};  // an answer with no value: it worked

class TrackerApi {
 public:
  virtual ~TrackerApi() = default;
  virtual std::string system() const = 0;  // "github", "jira"

  // `assignee`: the owner's account in this tracker ([people]), "" for none.
  virtual boost::asio::awaitable<Answer<RemoteIssue>> create(const core::TrackerIssue& issue,
                                                             const std::string& assignee) = 0;
  // The issue carrying `issue.marker`, if this tracker has one.
  virtual boost::asio::awaitable<Answer<std::optional<RemoteIssue>>> find(
      const core::TrackerIssue& issue) = 0;
  virtual boost::asio::awaitable<Answer<RemoteIssue>> read(const std::string& key) = 0;
  // Scribe's issues changed since `since` (wall clock), in one query (paged):
  // what a poll reads instead of every issue one by one.
  virtual boost::asio::awaitable<Answer<std::vector<RemoteIssue>>> changed_since(
      core::Instant since) = 0;
  virtual boost::asio::awaitable<Answer<Nothing>> close(const std::string& key,
                                                        const std::string& comment) = 0;
  // For shutdown: requests in flight end, later ones fail at once.
  virtual void shutdown() = 0;
};

}  // namespace scribe::trackers
