// FakeSlack: the Web API methods Scribe calls, and the file upload URL.
#include <cctype>

#include "tests/support/fake_slack_state.hpp"
#include "tests/support/slack_payloads.hpp"

namespace scribe::test {

namespace bj = boost::json;
namespace sp = slack_payloads;

namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() &&
               std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void parse_form(std::string_view text, std::map<std::string, std::string>& args) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    const std::string_view pair = text.substr(pos, amp - pos);
    const auto eq = pair.find('=');
    if (!pair.empty())
      args[percent_decode(pair.substr(0, eq))] =
          eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
    pos = amp + 1;
  }
}

bool json_content(const std::string& content_type) {
  return content_type.find("application/json") != std::string::npos;
}

// Methods Slack only reads form-encoded (a JSON body is ignored, not refused).
bool form_only(const std::string& method) {
  return method == "users.info" || method.starts_with("files.");
}

TestResponse ok_json(std::string body) {
  return TestResponse::json(std::move(body));
}

}  // namespace

TestResponse FakeSlack::State::handle_http(const TestRequest& request) {
  const std::string path = request.path();
  if (path.starts_with("/upload/")) {
    std::lock_guard lock(mutex);
    const std::string id = path.substr(8);
    for (auto& u : uploads)
      if (u.file_id == id) {
        u.content = request.body;
        TestResponse r;
        r.content_type = "text/plain";
        r.body = "OK - " + std::to_string(request.body.size());
        return r;
      }
    return TestResponse::json("", 404);
  }
  if (!path.starts_with("/api/")) return TestResponse::json("", 404);

  SlackApiCall call;
  call.method = path.substr(5);
  call.authorization = request.header("Authorization");
  call.content_type = request.header("Content-Type");
  call.at = std::chrono::steady_clock::now();
  if (const auto q = request.target.find('?'); q != std::string::npos)
    parse_form(std::string_view(request.target).substr(q + 1), call.args);
  if (json_content(call.content_type)) {
    boost::system::error_code ec;
    bj::value v = bj::parse(request.body, ec);
    if (!ec && v.is_object() && !form_only(call.method))
      for (const auto& [k, val] : v.as_object())
        call.args[std::string(k)] =
            val.is_string() ? std::string(val.as_string()) : bj::serialize(val);
  } else {
    parse_form(request.body, call.args);
  }
  auto arg = [&](const std::string& k) {
    auto it = call.args.find(k);
    return it == call.args.end() ? std::string() : it->second;
  };

  std::lock_guard lock(mutex);
  auto answer = [&](TestResponse r, std::string error = {}) {
    call.status = r.status;
    call.error = std::move(error);
    calls.push_back(call);
    return r;
  };
  auto fail = [&](const std::string& error) {
    return answer(ok_json(sp::error_response(error)), error);
  };

  if (auto it = rate_limits.find(call.method); it != rate_limits.end() && it->second.times > 0) {
    --it->second.times;
    TestResponse r = TestResponse::json(R"({"ok":false,"error":"ratelimited"})", 429);
    r.content_type = "application/json;charset=utf-8";
    r.headers.emplace_back("retry-after", std::to_string(it->second.retry_after));
    return answer(std::move(r), "ratelimited");
  }
  if (auto it = failures.find(call.method); it != failures.end() && it->second.times != 0) {
    if (it->second.times > 0) --it->second.times;
    return fail(it->second.error);
  }
  const std::string& token =
      call.method == "apps.connections.open" ? options.app_token : options.bot_token;
  if (call.authorization.empty()) return fail("not_authed");
  if (call.authorization != "Bearer " + token) return fail("invalid_auth");

  const std::string& m = call.method;
  if (m == "auth.test") {
    bj::object r{{"ok", true},
                 {"url", "https://scribe-test.slack.com/"},
                 {"team", "Test"},
                 {"user", "scribe"},
                 {"team_id", "T111"},
                 {"user_id", options.bot_user_id},
                 {"bot_id", options.bot_id}};
    return answer(ok_json(bj::serialize(r)));
  }
  if (m == "apps.connections.open") {
    const std::string ticket = "t" + std::to_string(next_ticket++);
    tickets_issued.insert(ticket);
    ++urls_issued;
    return answer(ok_json(
        sp::connections_open_response(server->ws_url("/link/?ticket=" + ticket + "&app_id=A111"))));
  }
  if (m == "chat.postMessage" || m == "chat.postEphemeral") {
    if (arg("channel").empty()) return fail("channel_not_found");
    if (arg("text").empty()) return fail("no_text");
    const std::string ts = next_ts_locked();
    posted.push_back(SlackPosted{m, arg("channel"), arg("text"), arg("user"), ts});
    if (m == "chat.postEphemeral")
      return answer(ok_json(bj::serialize(bj::object{{"ok", true}, {"message_ts", ts}})));
    return answer(ok_json(sp::post_message_response(arg("channel"), ts, arg("text"))));
  }
  if (m == "conversations.create") {
    const std::string name = arg("name");
    if (name.empty()) return fail("invalid_name_required");
    if (taken_names.contains(name)) return fail("name_taken");
    taken_names.insert(name);
    const std::string id = "C" + std::to_string(9000 + next_channel++);
    created[name] = id;
    return answer(ok_json(sp::conversations_create_response(id, name)));
  }
  if (m == "conversations.invite") {
    if (arg("channel").empty()) return fail("channel_not_found");
    if (arg("users").empty()) return fail("no_user");
    return answer(ok_json(sp::conversations_invite_response(arg("channel"))));
  }
  if (m == "conversations.open") {
    if (arg("users").empty()) return fail("users_list_not_supplied");
    return answer(ok_json(sp::conversations_open_response("D" + arg("users"))));
  }
  if (m == "users.info") {
    auto it = users.find(arg("user"));
    if (it == users.end()) return fail("user_not_found");
    return answer(ok_json(sp::users_info_response(it->first, it->second.name, it->second.tz)));
  }
  if (m == "files.getUploadURLExternal") {
    if (arg("filename").empty() || arg("length").empty()) return fail("invalid_arguments");
    SlackUpload u;
    u.file_id = "F" + std::to_string(next_file++);
    u.filename = arg("filename");
    u.declared_length = std::stoul(arg("length"));
    uploads.push_back(u);
    bj::object r{{"ok", true},
                 {"upload_url", server->base_url() + "/upload/" + u.file_id},
                 {"file_id", u.file_id}};
    return answer(ok_json(bj::serialize(r)));
  }
  if (m == "files.completeUploadExternal") {
    boost::system::error_code ec;
    bj::value files = bj::parse(arg("files"), ec);
    if (ec || !files.is_array() || files.as_array().empty()) return fail("invalid_arguments");
    bj::array done;
    for (const auto& f : files.as_array()) {
      if (!f.is_object() || !f.as_object().contains("id")) return fail("invalid_arguments");
      const std::string id(f.at("id").as_string());
      SlackUpload* found = nullptr;
      for (auto& u : uploads)
        if (u.file_id == id) found = &u;
      if (!found || found->content.size() != found->declared_length) return fail("file_not_found");
      found->completed = true;
      found->channel_id = arg("channel_id");
      found->initial_comment = arg("initial_comment");
      if (const auto* t = f.as_object().if_contains("title"); t && t->is_string())
        found->title = std::string(t->as_string());
      done.push_back(bj::object{{"id", id}, {"title", found->title}});
    }
    return answer(ok_json(bj::serialize(bj::object{{"ok", true}, {"files", std::move(done)}})));
  }
  return fail("unknown_method");
}

}  // namespace scribe::test
