// Private to fake_slack*.cpp: the fake workspace's state behind one mutex.
#pragma once

#include <boost/json.hpp>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "tests/support/fake_slack.hpp"

namespace scribe::test {

struct FakeSlack::State {
  FakeSlackOptions options;
  TestServer* server = nullptr;
  mutable std::mutex mutex;

  struct User {
    std::string name;
    std::string tz;
  };
  std::map<std::string, User> users;
  std::set<std::string> taken_names;
  std::map<std::string, std::string> created;  // channel name -> id
  int next_channel = 1;
  int next_file = 1;
  int next_ts = 0;

  std::vector<SlackApiCall> calls;
  std::vector<SlackPosted> posted;
  std::vector<SlackUpload> uploads;
  struct RateLimit {
    int times = 0;
    int retry_after = 1;
  };
  std::map<std::string, RateLimit> rate_limits;
  struct Failure {
    std::string error;
    int times = 0;  // -1: always
  };
  std::map<std::string, Failure> failures;

  // Socket Mode.
  std::set<std::string> tickets_issued;
  std::set<std::string> tickets_used;
  int next_ticket = 1;
  int urls_issued = 0;
  int hellos = 0;
  int stale_tickets = 0;
  int next_envelope = 1;

  struct Pending {
    std::string id;
    boost::json::object envelope;
    int deliveries = 0;
    std::size_t sent_on = 0;  // connection it was last sent on; 0: not yet
    bool acked = false;
  };
  std::deque<Pending> envelopes;
  std::map<std::string, std::size_t> envelope_index;  // id -> position in envelopes

  struct Conn {
    std::size_t id = 0;
    std::shared_ptr<TestWebSocket> ws;
    std::deque<std::string> outbox;
    bool ready = false;  // got hello
    bool silent = false;
  };
  std::map<std::size_t, std::shared_ptr<Conn>> conns;
  std::size_t next_conn = 1;
  std::size_t newest_ready = 0;
  std::vector<SlackAck> acks;
  std::map<std::size_t, std::vector<std::string>> frames_sent;
  std::vector<ConnectionSpan> connection_log;  // index: connection id - 1

  // Web API (fake_slack_api.cpp).
  TestResponse handle_http(const TestRequest& request);
  // Socket Mode (fake_slack.cpp).
  void handle_websocket(std::shared_ptr<TestWebSocket> ws);
  std::string enqueue_locked(boost::json::object envelope);
  void deliver_locked(Pending& pending, Conn& conn);
  // Puts a frame on the wire at once (in the order of the calls, all made
  // under `mutex`), or holds it while the connection is silent.
  void send_locked(Conn& conn, std::string frame);
  std::string next_ts_locked();
};

}  // namespace scribe::test
