#include "adapters/matrix/content.hpp"

#include "bot/core/text.hpp"

#include <boost/json.hpp>
#include <cctype>

namespace scribe::matrix {

namespace json = boost::json;

namespace {

json::array string_array(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

// Messages, pushpins and their removal, and membership (our own join bounds
// what we may apply; member events carry display names).
json::array timeline_types() {
  return {"m.room.message", "m.reaction", "m.room.redaction", "m.room.member"};
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (const char c : core::markup_escape(text)) {
    if (c == '\n')
      out += "<br>";
    else if (c != '\r')
      out += c;
  }
  return out;
}

std::string notice_html(std::string_view text, const std::vector<std::string>& mentions) {
  std::string html = html_escape(text);
  for (const auto& user : mentions) {
    // Matrix ids need no escaping beyond what html_escape does to the text.
    const std::string escaped = html_escape(user);
    if (escaped.empty()) continue;
    const std::string pill = "<a href=\"https://matrix.to/#/" + escaped + "\">" + escaped + "</a>";
    std::string out;
    std::size_t from = 0;
    for (auto at = html.find(escaped); at != std::string::npos; at = html.find(escaped, from)) {
      // Only whole ids: not a prefix of a longer id like @sam:x.org.uk or
      // @sam:x.org:8448; a full stop or colon that ends a sentence ends it.
      const std::size_t after = at + escaped.size();
      auto id_char = [&](std::size_t i) {
        const unsigned char c = static_cast<unsigned char>(html[i]);
        return std::isalnum(c) || c == '-' || c == '_';
      };
      const bool whole = after == html.size() ||
                         (!id_char(after) && !((html[after] == '.' || html[after] == ':') &&
                                               after + 1 < html.size() && id_char(after + 1)));
      out.append(html, from, at - from);
      out += whole ? pill : escaped;
      from = after;
    }
    out.append(html, from);
    html = std::move(out);
  }
  return html;
}

std::string notice_content(std::string_view text, const std::vector<std::string>& mentions) {
  json::object mentioned;
  mentioned["user_ids"] = string_array(mentions);
  json::object c;
  c["msgtype"] = "m.notice";
  c["body"] = text;
  c["format"] = "org.matrix.custom.html";
  c["formatted_body"] = notice_html(text, mentions);
  c["m.mentions"] = std::move(mentioned);
  return json::serialize(c);
}

std::string file_content(std::string_view filename, std::string_view mxc_uri,
                         std::string_view mimetype, std::size_t size) {
  json::object info;
  info["mimetype"] = mimetype;
  info["size"] = size;
  json::object c;
  c["msgtype"] = "m.file";
  c["body"] = filename;
  c["filename"] = filename;
  c["url"] = mxc_uri;
  c["info"] = std::move(info);
  c["m.mentions"] = json::object{};
  return json::serialize(c);
}

std::string incident_room_request(std::string_view name, std::string_view topic,
                                  const std::vector<std::string>& invite) {
  json::object r;
  r["preset"] = "private_chat";
  r["visibility"] = "private";
  r["name"] = name;
  if (!topic.empty()) r["topic"] = topic;
  r["invite"] = string_array(invite);
  return json::serialize(r);
}

std::string direct_room_request(std::string_view user_id) {
  json::object r;
  r["preset"] = "trusted_private_chat";
  r["is_direct"] = true;
  r["invite"] = json::array{json::string(user_id)};
  return json::serialize(r);
}

std::string sync_filter(int timeline_limit) {
  const json::value filter = {
      {"room",
       {{"timeline", {{"types", timeline_types()}, {"limit", timeline_limit}}},
        {"state", {{"types", {"m.room.member", "m.room.name"}}, {"lazy_load_members", true}}},
        {"ephemeral", {{"types", json::array{}}}},
        {"account_data", {{"types", json::array{}}}}}},
      {"presence", {{"types", json::array{}}}},
      {"account_data", {{"types", json::array{}}}},
      {"event_format", "client"}};
  return json::serialize(filter);
}

std::string gap_filter() {
  const json::value filter = {{"types", timeline_types()}, {"lazy_load_members", true}};
  return json::serialize(filter);
}

std::string empty_object() {
  return "{}";
}

}  // namespace scribe::matrix
