#include "adapters/web/html.hpp"

#include <cctype>
#include <cstdio>

#include "bot/core/text.hpp"

namespace scribe::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// No script at all, styles and pictures from this server only, never framed.
constexpr const char* kPolicy =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

}  // namespace

std::string escape(std::string_view text) {
  return core::markup_escape(text);
}

std::string page(std::string_view title, std::string_view body) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      escape(title) +
      " \xC2\xB7 Scribe</title>"
      "<link rel=\"stylesheet\" href=\"/static/scribe.css\"></head>\n<body>"
      "<nav><a href=\"/\">Incidents</a><a href=\"/actions\">Action items</a>"
      "<a href=\"/insights\">Insights</a></nav>\n<main>\n";
  out += body;
  out += "</main></body></html>\n";
  return out;
}

net::ServerResponse with_safety_headers(net::ServerResponse response) {
  response.headers.emplace_back("Content-Security-Policy", kPolicy);
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  return response;
}

net::ServerResponse html_response(std::string body, int status) {
  return with_safety_headers(
      net::ServerResponse{status, "text/html; charset=utf-8", std::move(body), {}, false});
}

net::ServerResponse text_response(int status, std::string_view text) {
  return with_safety_headers(net::ServerResponse{
      status, "text/plain; charset=utf-8", std::string(text) + "\n", {}, false});
}

std::map<std::string, std::string> query_of(std::string_view target) {
  std::map<std::string, std::string> out;
  const auto q = target.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string key = percent_decoded(pair.substr(0, eq));
    if (key.empty()) continue;
    out[key] = eq == std::string_view::npos ? std::string() : percent_decoded(pair.substr(eq + 1));
  }
  return out;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

std::string tracker_link(const core::TrackerLink& link) {
  if (link.state != core::TrackerLink::State::linked || link.key.empty()) return {};
  if (!core::is_web_link(link.url)) return escape(link.key);
  return "<a class=\"tracker\" href=\"" + escape(link.url) + "\">" + escape(link.key) + "</a>";
}

std::string_view stylesheet() {
  return R"css(body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
nav{background:#24292f;padding:.6em 1.2em}nav a{color:#fff;text-decoration:none;margin-right:1.2em}
main{max-width:1100px;margin:1.2em auto;padding:0 1.2em}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #e4e4e7;vertical-align:top}
.sev-P1{color:#b42318;font-weight:600}.sev-P2{color:#c4320a}.figures{display:flex;gap:1.5em;flex-wrap:wrap}
.figure{background:#fff;border:1px solid #e4e4e7;border-radius:6px;padding:.6em 1em}.figure b{display:block;font-size:1.3em}
.picture{background:#fff;border:1px solid #e4e4e7;border-radius:6px;padding:.6em;overflow-x:auto}
.struck{text-decoration:line-through;color:#888}.overdue td{color:#b42318}.source{color:#57606a;font-size:.9em}
pre{background:#fff;border:1px solid #e4e4e7;padding:.8em;overflow-x:auto;white-space:pre-wrap}
form.filters{display:flex;gap:.6em;flex-wrap:wrap;margin-bottom:1em}
.draft{background:#fff;border:1px solid #e4e4e7;border-radius:6px;padding:.4em 1.6em 1em}.draft img{max-width:100%}
.draft-meta{color:#57606a}.draft ul.contains-task-list{list-style:none;padding-left:1.2em}
)css";
}

}  // namespace scribe::web
