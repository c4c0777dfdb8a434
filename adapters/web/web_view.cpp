#include "adapters/web/web_view.hpp"

#include <boost/json.hpp>

#include <charconv>

#include "adapters/web/html.hpp"
#include "adapters/web/markdown.hpp"
#include "adapters/web/pages.hpp"
#include "adapters/web/reports.hpp"
#include "bot/core/command.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/time.hpp"
#include "bot/core/timeline_svg.hpp"

namespace scribe::web {
namespace {

namespace json = boost::json;

std::optional<int> whole_number(std::string_view s) {
  int n = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc{} || end != s.data() + s.size() || n <= 0) return std::nullopt;
  return n;
}

json::object incident_json(const core::Incident& inc, const core::PostmortemFigures& f) {
  json::object o{{"ref", core::incident_ref(inc.number)},
                 {"number", inc.number},
                 {"title", inc.title},
                 {"status", std::string(core::to_string(inc.status))},
                 {"severity", inc.severity ? std::string(core::to_string(*inc.severity)) : ""},
                 {"declared_at", core::format_iso8601(inc.declared_at)}};
  json::array services;
  for (const auto& s : inc.services) services.emplace_back(s);
  o["services"] = std::move(services);
  const auto minutes = [](const std::optional<core::Span>& s) -> json::value {
    return s ? json::value(s->minutes()) : json::value(nullptr);
  };
  o["customer_impact_minutes"] = minutes(f.customer_impact);
  o["detection_gap_minutes"] =
      f.detection_gap_minutes() ? json::value(*f.detection_gap_minutes()) : json::value(nullptr);
  o["duration_minutes"] = minutes(f.duration);
  return o;
}

}  // namespace

WebView::WebView(core::Store& store, WebViewOptions options)
    : store_(store), options_(std::move(options)) {}

net::ServerResponse WebView::handle(const net::ServerRequest& req) {
  if (req.method != "GET" && req.method != "HEAD") {
    auto res = text_response(405, "only GET and HEAD");
    res.headers.emplace_back("Allow", "GET, HEAD");
    return res;
  }
  auto res = route(req);
  if (req.method == "HEAD") res.body.clear();
  return res;
}

net::ServerResponse WebView::route(const net::ServerRequest& req) {
  const std::string_view path = req.path();
  if (path == "/") return incident_list(req);
  const ReportContext context{options_.zone, options_.people_zones, options_.now()};
  if (path == "/actions") return html_response(render_actions_page(store_, context));
  if (path == "/insights") return html_response(render_insights_page(store_, context));
  if (path == "/static/scribe.css")
    return with_safety_headers(
        net::ServerResponse{200, "text/css; charset=utf-8", std::string(stylesheet()), {}, false});
  if (path.starts_with("/api/")) return api(path);
  constexpr std::string_view kIncidents = "/incidents/";
  if (path.starts_with(kIncidents)) {
    std::string_view rest = path.substr(kIncidents.size());
    const auto slash = rest.find('/');
    const auto number = core::parse_incident_ref(rest.substr(0, slash));
    if (number && store_.incidents().find(*number)) {
      if (slash == std::string_view::npos) return incident_page(*number);
      rest = rest.substr(slash);
      // The draft names its picture by the file beside it (relative, as GitHub
      // shows it); on the draft's page that name resolves under /drafts/.
      if (rest == "/timeline.svg" ||
          rest == "/drafts/" + core::timeline_file_name(*number))
        return timeline_picture(*number);
      if (rest.starts_with("/drafts/"))
        return draft_page(*number, std::string(rest.substr(std::string_view("/drafts/").size())));
    }
  }
  return html_response(page("Not found", "<h1>Not found</h1><p>No such page.</p>"), 404);
}

net::ServerResponse WebView::timeline_picture(std::int64_t number) {
  const auto inc = *store_.incidents().find(number);
  return with_safety_headers(net::ServerResponse{
      200, "image/svg+xml", core::timeline_svg(inc, store_.timeline().list(number), options_.zone),
      {}, false});
}

net::ServerResponse WebView::incident_list(const net::ServerRequest& req) {
  const ListFilter filter = ListFilter::from_query(query_of(req.target));
  return html_response(render_incident_list(store_, filter, options_.zone));
}

net::ServerResponse WebView::incident_page(std::int64_t number) {
  return html_response(render_incident_page(store_, number, options_.zone));
}

net::ServerResponse WebView::draft_page(std::int64_t number, const std::string& version_text) {
  const bool raw = version_text.ends_with(".md");
  const auto version =
      whole_number(raw ? std::string_view(version_text).substr(0, version_text.size() - 3)
                       : std::string_view(version_text));
  for (const auto& draft : store_.drafts().list(number)) {
    if (!version || draft.version != *version) continue;
    if (raw) {
      auto res = with_safety_headers(
          net::ServerResponse{200, "text/markdown; charset=utf-8", draft.markdown, {}, false});
      res.headers.emplace_back(
          "Content-Disposition",
          "attachment; filename=\"" + core::draft_file_name(number, draft.version) + "\"");
      return res;
    }
    const std::string ref = core::incident_ref(number);
    const std::string v = std::to_string(draft.version);
    return html_response(
        page(ref + " draft v" + v,
             "<p class=\"draft-meta\"><a href=\"/incidents/" + ref + "\">" + ref +
                 "</a> \xC2\xB7 draft v" + v + " \xC2\xB7 written " +
                 escape(core::format_date_time(draft.created_at, options_.zone)) +
                 " \xC2\xB7 <a href=\"/incidents/" + ref + "/drafts/" + v +
                 ".md\">Download the Markdown</a></p>\n<article class=\"draft\" id=\"draft\">\n" +
                 render_markdown(draft.markdown) + "</article>\n"));
  }
  return html_response(page("Not found", "<h1>Not found</h1><p>No such draft.</p>"), 404);
}

net::ServerResponse WebView::api(std::string_view path) {
  const auto answer = [](json::value v) {
    return with_safety_headers(
        net::ServerResponse{200, "application/json", json::serialize(v) + "\n", {}, false});
  };
  if (path == "/api/incidents") {
    json::array list;
    for (const auto& inc : store_.incidents().list(true))
      list.push_back(
          incident_json(inc, core::compute_figures(inc, store_.timeline().list(inc.number))));
    return answer(std::move(list));
  }
  constexpr std::string_view kOne = "/api/incidents/";
  if (path.starts_with(kOne)) {
    const auto number = core::parse_incident_ref(path.substr(kOne.size()));
    if (const auto inc = number ? store_.incidents().find(*number) : std::nullopt) {
      const auto timeline = store_.timeline().list(inc->number);
      json::object o = incident_json(*inc, core::compute_figures(*inc, timeline));
      json::array entries;
      for (const auto& e : timeline) {
        if (!e.counts()) continue;
        entries.push_back(json::object{
            {"id", core::entry_ref(e.id)},
            {"at", core::format_iso8601(e.at)},
            {"kind", std::string(core::to_string(e.kind))},
            {"milestone", e.milestone ? std::string(core::to_string(*e.milestone)) : ""},
            {"text", e.text},
            {"author", e.author},
            {"signal", e.signal}});
      }
      o["timeline"] = std::move(entries);
      return answer(std::move(o));
    }
  }
  return with_safety_headers(net::ServerResponse{404,
                                                 "application/json",
                                                 R"({"error": "no such resource"})"
                                                 "\n",
                                                 {},
                                                 false});
}

}  // namespace scribe::web
