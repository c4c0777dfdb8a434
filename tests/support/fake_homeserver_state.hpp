// Private to fake_homeserver*.cpp: the fake homeserver's world behind one mutex.
#pragma once

#include <boost/json.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/support/fake_homeserver.hpp"

namespace scribe::test {

struct FakeHomeserver::State {
  FakeHomeserverOptions options;
  mutable std::mutex mutex;
  std::condition_variable changed;  // a new event, a restart, shutdown
  bool shutting_down = false;
  std::uint64_t generation = 0;  // restart() bumps it: long polls end
  bool token_valid = true;
  int timeline_limit = 0;
  int waiting = 0;

  struct Event {
    std::int64_t pos = 0;
    std::string room_id;
    boost::json::object json;  // client format, without room_id
    std::string txn_id;
  };
  std::vector<Event> events;  // pos = index + 1

  struct Room {
    std::string id;
    std::string name;
    std::map<std::string, std::string> membership;           // user -> join | invite | leave
    std::map<std::string, std::int64_t> bot_membership_pos;  // membership -> pos it happened
    std::string inviter;                                     // of the bot's pending invite
    std::vector<std::int64_t> positions;                     // its events
  };
  std::map<std::string, Room> rooms;
  std::map<std::string, std::string> display_names;
  std::map<std::string, std::string> txns;  // txn id -> event id
  std::map<std::string, boost::json::object> filters;
  std::vector<FakeCreatedRoom> created;
  std::vector<FakeUpload> uploads;
  std::vector<FakeCall> calls;
  std::vector<std::string> sync_tokens;
  int retransmits = 0;
  int next_room = 1, next_event = 1, next_filter = 1, next_media = 1;

  struct Fault {
    int times = 0;
    TestResponse response;
    bool after_effect = false;  // drop: the request takes effect, the answer is lost
  };
  std::map<std::string, std::deque<Fault>> faults;

  // All below require `mutex` held.
  std::string add_event(const std::string& room_id, const std::string& type,
                        const std::string& sender, boost::json::object content,
                        std::optional<std::int64_t> ts, const std::string* state_key = nullptr,
                        const std::string& redacts = "", const std::string& txn_id = "");
  void set_membership(const std::string& room_id, const std::string& user,
                      const std::string& membership, const std::string& sender);
  std::string new_room(const std::string& name, const std::string& creator);
  Event* find_event(const std::string& event_id);

  // fake_homeserver_api.cpp
  TestResponse handle(const TestRequest& request);
  TestResponse sync(std::unique_lock<std::mutex>& lock, const std::string& since,
                    const std::string& timeout, const std::string& filter);
  TestResponse messages(const std::string& room_id, const std::string& from, const std::string& to,
                        const std::string& dir, const std::string& limit,
                        const std::string& filter);
};

}  // namespace scribe::test
