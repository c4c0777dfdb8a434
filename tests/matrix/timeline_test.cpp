// Where a room's history begins for Scribe, and gaps read back page by page.
#include "adapters/matrix/timeline.hpp"

#include <catch2/catch.hpp>

using namespace scribe::matrix;

namespace {

const std::string kBot = "@scribe:x.org";

RoomEvent message(const std::string& id) {
  RoomEvent e;
  e.type = "m.room.message";
  e.event_id = id;
  e.sender = "@sam:x.org";
  e.content.msgtype = "m.text";
  e.content.body = id;
  return e;
}

RoomEvent member(const std::string& id, const std::string& user, const std::string& membership) {
  RoomEvent e;
  e.type = "m.room.member";
  e.event_id = id;
  e.sender = user;
  e.state_key = user;
  e.content.membership = membership;
  return e;
}

std::vector<std::string> ids(const std::vector<RoomEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.event_id);
  return out;
}

}  // namespace

TEST_CASE("what came before the bot's own join is dropped", "[matrix]") {
  std::vector<RoomEvent> events{message("$old1"), member("$j", kBot, "join"), message("$new1")};
  CHECK(drop_history_before_join(events, kBot));
  CHECK(ids(events) == std::vector<std::string>{"$new1"});

  // Somebody else's join, or our invite, is not where our history begins.
  std::vector<RoomEvent> others{message("$a"), member("$j2", "@sam:x.org", "join"),
                                member("$i", kBot, "invite"), message("$b")};
  CHECK_FALSE(drop_history_before_join(others, kBot));
  CHECK(others.size() == 4);

  // Left and joined again: only what follows the latest join.
  std::vector<RoomEvent> rejoin{member("$j1", kBot, "join"), message("$x"),
                                member("$l", kBot, "leave"), message("$y"),
                                member("$j3", kBot, "join"), message("$z")};
  CHECK(drop_history_before_join(rejoin, kBot));
  CHECK(ids(rejoin) == std::vector<std::string>{"$z"});
}

TEST_CASE("a gap is read backwards until the pages run out or our join", "[matrix]") {
  GapCollector gap(kBot);
  MessagesPage first;
  first.chunk = {message("$5"), message("$4")};
  first.end = "t3";
  CHECK(gap.add_page(first));
  MessagesPage second;
  second.chunk = {message("$3")};
  CHECK_FALSE(gap.add_page(second));  // no end: nothing older
  CHECK_FALSE(gap.reached_join());
  CHECK(ids(gap.chronological()) == std::vector<std::string>{"$3", "$4", "$5"});

  GapCollector joined(kBot);
  MessagesPage page;
  page.chunk = {message("$9"), member("$j", kBot, "join"), message("$before")};
  page.end = "t1";
  CHECK_FALSE(joined.add_page(page));
  CHECK(joined.reached_join());
  CHECK(ids(joined.chronological()) == std::vector<std::string>{"$9"});

  GapCollector empty(kBot);
  MessagesPage none;
  none.end = "t0";
  CHECK_FALSE(empty.add_page(none));
}

TEST_CASE("recent ids remember a bounded number of events", "[matrix]") {
  RecentIds seen(3);
  for (const char* id : {"$1", "$2", "$3"}) seen.add(id);
  CHECK(seen.contains("$1"));
  seen.add("$2");  // again: no change
  seen.add("$4");
  CHECK_FALSE(seen.contains("$1"));
  CHECK(seen.contains("$2"));
  CHECK(seen.contains("$4"));
  seen.add("");
  CHECK_FALSE(seen.contains(""));
}
