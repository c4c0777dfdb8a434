// FakeHomeserver's client-server API endpoints, answering in the shapes of
// tests/fixtures/protocol/matrix/*.json.
#include <algorithm>
#include <map>

#include "tests/support/fake_homeserver_state.hpp"

namespace scribe::test {

namespace json = boost::json;

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = path.find('/', start);
    out.push_back(percent_decode(path.substr(start, end == std::string::npos ? end : end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::map<std::string, std::string> query_of(const std::string& target) {
  std::map<std::string, std::string> q;
  const auto mark = target.find('?');
  if (mark == std::string::npos) return q;
  std::string_view rest = std::string_view(target).substr(mark + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    q[percent_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return q;
}

TestResponse error(int status, const std::string& errcode, const std::string& message) {
  return TestResponse::json(json::serialize(json::object{{"errcode", errcode}, {"error", message}}),
                            status);
}

TestResponse ok(const json::object& body) {
  return TestResponse::json(json::serialize(body));
}

std::string string_at(const json::object& o, std::string_view key) {
  const auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

std::int64_t token_pos(const std::string& token) {
  if (token.size() < 2 || token[0] != 's') throw std::invalid_argument("bad token");
  return std::stoll(token.substr(1));
}

// Which endpoint a request is for, and its path parameters.
struct Route {
  std::string endpoint = "other";
  std::vector<std::string> params;
};

Route route(const TestRequest& r) {
  const auto s = path_segments(r.path());
  auto is = [&](std::size_t n, std::initializer_list<const char*> prefix) {
    if (s.size() != n) return false;
    std::size_t i = 0;
    for (const char* p : prefix) {
      if (*p && s[i] != p) return false;
      ++i;
    }
    return true;
  };
  if (s.size() >= 3 && s[0] == "_matrix" && s[1] == "media" && s.back() == "upload")
    return {"upload", {}};
  if (s.size() < 3 || s[0] != "_matrix" || s[1] != "client") return {};
  if (is(5, {"_matrix", "client", "", "account", "whoami"})) return {"whoami", {}};
  if (is(6, {"_matrix", "client", "", "user", "", "filter"})) return {"filter", {s[4]}};
  if (is(4, {"_matrix", "client", "", "sync"})) return {"sync", {}};
  if (is(5, {"_matrix", "client", "", "join", ""})) return {"join", {s[4]}};
  if (is(4, {"_matrix", "client", "", "createRoom"})) return {"createRoom", {}};
  if (is(6, {"_matrix", "client", "", "rooms", "", "leave"})) return {"leave", {s[4]}};
  if (is(6, {"_matrix", "client", "", "rooms", "", "messages"})) return {"messages", {s[4]}};
  if (is(8, {"_matrix", "client", "", "rooms", "", "send", "", ""}))
    return {"send", {s[4], s[6], s[7]}};
  return {};
}

bool type_matches(const std::string& type, const json::array* types) {
  if (!types) return true;
  for (const auto& t : *types) {
    if (!t.is_string()) continue;
    const std::string_view want = t.get_string();
    if (want == type || (want.ends_with('*') && type.starts_with(want.substr(0, want.size() - 1))))
      return true;
  }
  return false;
}

const json::array* timeline_types(const json::object& filter) {
  const auto* room = filter.if_contains("room");
  const auto* timeline =
      room && room->is_object() ? room->as_object().if_contains("timeline") : nullptr;
  const auto* types =
      timeline && timeline->is_object() ? timeline->as_object().if_contains("types") : nullptr;
  return types ? types->if_array() : nullptr;
}

int filter_limit(const json::object& filter) {
  const auto* room = filter.if_contains("room");
  const auto* timeline =
      room && room->is_object() ? room->as_object().if_contains("timeline") : nullptr;
  const auto* limit =
      timeline && timeline->is_object() ? timeline->as_object().if_contains("limit") : nullptr;
  return limit && limit->is_int64() ? static_cast<int>(limit->get_int64()) : 0;
}

}  // namespace

TestResponse FakeHomeserver::State::handle(const TestRequest& request) {
  std::unique_lock lock(mutex);
  const Route r = route(request);
  const std::size_t call = calls.size();
  calls.push_back(FakeCall{r.endpoint, request.method, request.target, -1,
                           request.header("Authorization"), std::chrono::steady_clock::now()});
  auto answer = [&](TestResponse response) {
    calls[call].status = response.drop_connection ? 0 : response.status;
    return response;
  };

  const std::string auth = request.header("Authorization");
  if (auth.empty()) return answer(error(401, "M_MISSING_TOKEN", "Missing access token."));
  if (!token_valid || auth != "Bearer " + options.access_token)
    return answer(error(401, "M_UNKNOWN_TOKEN", "Unrecognised access token."));

  std::optional<TestResponse> after_effect;
  if (auto f = faults.find(r.endpoint); f != faults.end() && !f->second.empty()) {
    Fault& fault = f->second.front();
    TestResponse response = fault.response;
    const bool late = fault.after_effect;
    if (--fault.times <= 0) f->second.pop_front();
    if (!late) return answer(std::move(response));
    after_effect = std::move(response);
  }

  const auto query = query_of(request.target);
  auto param = [&](const char* name) {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  };
  json::object body;
  if (!request.body.empty() && r.endpoint != "upload") {
    json::error_code ec;
    json::value v = json::parse(request.body, ec);
    if (ec || !v.is_object()) return answer(error(400, "M_NOT_JSON", "Content not JSON."));
    body = std::move(v.as_object());
  }
  const std::string& bot = options.bot_user;

  TestResponse response;
  if (r.endpoint == "whoami") {
    response = ok({{"user_id", bot}, {"device_id", options.device_id}});
  } else if (r.endpoint == "filter") {
    if (r.params[0] != bot)
      return answer(error(403, "M_FORBIDDEN", "Cannot create filters for other users"));
    const std::string id = "f" + std::to_string(next_filter++);
    filters[id] = body;
    response = ok({{"filter_id", id}});
  } else if (r.endpoint == "sync") {
    response = sync(lock, param("since"), param("timeout"), param("filter"));
  } else if (r.endpoint == "join") {
    auto room = rooms.find(r.params[0]);
    if (room == rooms.end()) return answer(error(404, "M_NOT_FOUND", "No such room."));
    const std::string m = room->second.membership[bot];
    if (m != "invite" && m != "join")
      return answer(error(403, "M_FORBIDDEN", "You are not invited to this room."));
    if (m != "join") set_membership(room->first, bot, "join", bot);
    response = ok({{"room_id", room->first}});
  } else if (r.endpoint == "leave") {
    if (!rooms.contains(r.params[0])) return answer(error(404, "M_NOT_FOUND", "No such room."));
    set_membership(r.params[0], bot, "leave", bot);
    response = ok({});
  } else if (r.endpoint == "createRoom") {
    FakeCreatedRoom created_room;
    created_room.name = string_at(body, "name");
    created_room.request = request.body;
    created_room.is_direct = body.contains("is_direct") && body.at("is_direct") == true;
    created_room.room_id = new_room(created_room.name, bot);
    if (const auto* invite = body.if_contains("invite"); invite && invite->is_array())
      for (const auto& u : invite->as_array()) {
        const std::string user(u.as_string());
        created_room.invited.push_back(user);
        set_membership(created_room.room_id, user, "invite", bot);
        if (options.auto_join_invited) set_membership(created_room.room_id, user, "join", user);
      }
    created.push_back(created_room);
    response = ok({{"room_id", created_room.room_id}});
  } else if (r.endpoint == "send") {
    const auto& [room_id, type, txn] = std::tie(r.params[0], r.params[1], r.params[2]);
    if (auto known = txns.find(txn); known != txns.end()) {
      ++retransmits;
      response = ok({{"event_id", known->second}});
    } else {
      auto room = rooms.find(room_id);
      if (room == rooms.end() || room->second.membership[bot] != "join")
        return answer(error(403, "M_FORBIDDEN", "User not in room."));
      const std::string id = add_event(room_id, type, bot, body, std::nullopt, nullptr, "", txn);
      txns[txn] = id;
      response = ok({{"event_id", id}});
    }
  } else if (r.endpoint == "upload") {
    const std::string uri = "mxc://" + options.server_name + "/m" + std::to_string(next_media++);
    uploads.push_back({uri, param("filename"), request.header("Content-Type"), request.body});
    response = ok({{"content_uri", uri}});
  } else if (r.endpoint == "messages") {
    response = messages(r.params[0], param("from"), param("to"), param("dir"), param("limit"),
                        param("filter"));
  } else {
    response = error(404, "M_UNRECOGNIZED", "Unrecognized request");
  }
  return answer(after_effect ? std::move(*after_effect) : std::move(response));
}

TestResponse FakeHomeserver::State::sync(std::unique_lock<std::mutex>& lock,
                                         const std::string& since, const std::string& timeout,
                                         const std::string& filter_param) {
  sync_tokens.push_back(since);
  json::object filter;
  if (filter_param.starts_with('{')) {
    filter = json::parse(filter_param).as_object();
  } else if (!filter_param.empty()) {
    auto f = filters.find(filter_param);
    if (f == filters.end()) return error(404, "M_NOT_FOUND", "No such filter.");
    filter = f->second;
  }
  std::int64_t from = -1;
  try {
    if (!since.empty()) from = token_pos(since);
  } catch (const std::exception&) {
    return error(400, "M_INVALID_PARAM", "Bad since token.");
  }
  const std::string& bot = options.bot_user;
  auto has_news = [&] {
    for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(from, 0));
         i < events.size(); ++i) {
      const Event& e = events[i];
      const std::string m =
          rooms.at(e.room_id).membership.count(bot) ? rooms.at(e.room_id).membership.at(bot) : "";
      if (m == "join" || m == "invite" || string_at(e.json, "state_key") == bot) return true;
    }
    return false;
  };
  if (from >= 0) {
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(timeout.empty() ? 0 : std::stoll(timeout));
    const std::uint64_t gen = generation;
    ++waiting;
    while (!shutting_down && gen == generation && !has_news() &&
           changed.wait_until(lock, deadline) != std::cv_status::timeout) {
    }
    --waiting;
    if (shutting_down || gen != generation) {
      TestResponse dropped;
      dropped.drop_connection = true;
      return dropped;
    }
  }

  const json::array* types = timeline_types(filter);
  int limit = timeline_limit ? timeline_limit : filter_limit(filter);
  if (limit <= 0) limit = options.default_timeline_limit;
  json::object join, invite, leave;
  for (const auto& [id, room] : rooms) {
    const auto m = room.membership.find(bot);
    if (m == room.membership.end()) continue;
    auto happened = [&](const char* what) {
      auto it = room.bot_membership_pos.find(what);
      return it != room.bot_membership_pos.end() && (from < 0 || it->second > from);
    };
    if (m->second == "join") {
      const bool fresh = happened("join");
      std::vector<std::int64_t> picked;
      for (std::int64_t pos : room.positions)
        if ((fresh || pos > from) && type_matches(string_at(events[pos - 1].json, "type"), types))
          picked.push_back(pos);
      if (!fresh && picked.empty()) continue;
      const bool limited = picked.size() > static_cast<std::size_t>(limit);
      if (limited) picked.erase(picked.begin(), picked.end() - limit);
      json::array timeline_events, state_events;
      for (std::int64_t pos : picked) timeline_events.push_back(events[pos - 1].json);
      if (fresh)
        for (std::int64_t pos : room.positions)
          if (string_at(events[pos - 1].json, "type") == "m.room.member")
            state_events.push_back(events[pos - 1].json);
      const std::int64_t before =
          picked.empty() ? static_cast<std::int64_t>(events.size()) : picked.front() - 1;
      join[id] =
          json::object{{"timeline", json::object{{"events", std::move(timeline_events)},
                                                 {"limited", limited},
                                                 {"prev_batch", "s" + std::to_string(before)}}},
                       {"state", json::object{{"events", std::move(state_events)}}},
                       {"ephemeral", json::object{{"events", json::array{}}}},
                       {"account_data", json::object{{"events", json::array{}}}},
                       {"unread_notifications",
                        json::object{{"highlight_count", 0}, {"notification_count", 0}}}};
    } else if (m->second == "invite" && happened("invite")) {
      json::array stripped;
      if (!room.name.empty())
        stripped.push_back(json::object{{"sender", room.inviter},
                                        {"type", "m.room.name"},
                                        {"state_key", ""},
                                        {"content", {{"name", room.name}}}});
      stripped.push_back(json::object{{"sender", room.inviter},
                                      {"type", "m.room.member"},
                                      {"state_key", bot},
                                      {"content", {{"membership", "invite"}}}});
      invite[id] = json::object{{"invite_state", json::object{{"events", std::move(stripped)}}}};
    } else if (m->second == "leave" && from >= 0 && happened("leave")) {
      leave[id] = json::object{{"timeline", json::object{{"events", json::array{}}}}};
    }
  }
  json::object body{{"next_batch", "s" + std::to_string(events.size())},
                    {"rooms", json::object{{"join", std::move(join)},
                                           {"invite", std::move(invite)},
                                           {"leave", std::move(leave)}}},
                    {"presence", json::object{{"events", json::array{}}}},
                    {"account_data", json::object{{"events", json::array{}}}}};
  return ok(body);
}

TestResponse FakeHomeserver::State::messages(const std::string& room_id, const std::string& from,
                                             const std::string& to, const std::string& dir,
                                             const std::string& limit_text,
                                             const std::string& filter_text) {
  auto room = rooms.find(room_id);
  if (room == rooms.end() || room->second.membership[options.bot_user] != "join")
    return error(403, "M_FORBIDDEN", "User not in room.");
  std::int64_t start = static_cast<std::int64_t>(events.size()), stop = -1;
  try {
    if (!from.empty()) start = token_pos(from);
    if (!to.empty()) stop = token_pos(to);
  } catch (const std::exception&) {
    return error(400, "M_INVALID_PARAM", "Bad token.");
  }
  const std::size_t limit = limit_text.empty() ? 10 : std::stoul(limit_text);
  json::object filter;
  if (!filter_text.empty()) filter = json::parse(filter_text).as_object();
  const json::array* types = filter.contains("types") ? filter.at("types").if_array() : nullptr;
  std::vector<std::int64_t> picked;
  const bool backwards = dir != "f";
  for (std::int64_t pos : room->second.positions) {
    const bool inside =
        backwards ? (pos <= start && pos > stop) : (pos > start && (stop < 0 || pos <= stop));
    if (inside && type_matches(string_at(events[pos - 1].json, "type"), types))
      picked.push_back(pos);
  }
  if (backwards) std::reverse(picked.begin(), picked.end());
  const bool more = picked.size() > limit;
  if (more) picked.resize(limit);
  json::array chunk;
  for (std::int64_t pos : picked) chunk.push_back(events[pos - 1].json);
  json::object body{{"chunk", std::move(chunk)},
                    {"start", from.empty() ? "s" + std::to_string(start) : from}};
  if (more) body["end"] = "s" + std::to_string(backwards ? picked.back() - 1 : picked.back());
  return ok(body);
}

}  // namespace scribe::test
