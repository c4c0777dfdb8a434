#include "adapters/web/pages.hpp"

#include <algorithm>
#include <set>

#include "adapters/web/html.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"
#include "bot/core/timeline_svg.hpp"

namespace scribe::web {
namespace {

std::optional<std::chrono::year_month_day> date_of(const std::string& text) {
  const auto at = core::parse_iso8601(text + "T00:00:00Z");
  if (!at) return std::nullopt;
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(*at)};
}

std::string severity_of(const core::Incident& inc) {
  return inc.severity ? std::string(core::to_string(*inc.severity)) : "";
}

std::string minutes_text(const std::optional<core::Span>& span) {
  return span ? std::to_string(span->minutes()) + " minutes" : "";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// `found`: the incidents the search matched (all when there is no search).
bool matches(const core::Incident& inc, const ListFilter& f, const std::string& zone,
             const std::set<std::int64_t>& found) {
  if (!f.status.empty() && core::to_string(inc.status) != f.status) return false;
  if (!f.severity.empty() && severity_of(inc) != f.severity) return false;
  if (!f.service.empty() && std::find(inc.services.begin(), inc.services.end(),
                                      core::ascii_lower(f.service)) == inc.services.end())
    return false;
  const auto day = core::local_date(inc.declared_at, zone);
  if (f.from && day < *f.from) return false;
  if (f.to && day > *f.to) return false;
  return f.search.empty() || found.contains(inc.number);
}

std::string option(const std::string& value, const std::string& chosen, const std::string& label) {
  return "<option value=\"" + escape(value) + "\"" + (value == chosen ? " selected" : "") + ">" +
         escape(label) + "</option>";
}

std::string filter_form(const ListFilter& f) {
  std::string out = "<form class=\"filters\" method=\"get\" action=\"/\">";
  out += "<select name=\"status\">" + option("", f.status, "any status") +
         option("open", f.status, "open") + option("resolved", f.status, "resolved") +
         option("closed", f.status, "closed") + "</select>";
  out += "<select name=\"severity\">" + option("", f.severity, "any severity");
  for (const char* s : {"P1", "P2", "P3", "P4"}) out += option(s, f.severity, s);
  out += "</select>";
  out += "<input name=\"service\" placeholder=\"service\" value=\"" + escape(f.service) + "\">";
  out += "<input name=\"q\" placeholder=\"search\" value=\"" + escape(f.search) + "\">";
  out += "<input type=\"date\" name=\"from\" value=\"" +
         (f.from ? escape(core::format_date(*f.from)) : "") + "\">";
  out += "<input type=\"date\" name=\"to\" value=\"" +
         (f.to ? escape(core::format_date(*f.to)) : "") + "\">";
  out += "<button type=\"submit\">Filter</button></form>\n";
  return out;
}

std::string figure(const std::string& id, const std::string& label, const std::string& value) {
  return "<div class=\"figure\" id=\"" + id + "\"><b>" +
         (value.empty() ? "\xE2\x80\x94" : escape(value)) + "</b>" + escape(label) + "</div>";
}

// Who or what wrote an entry: a person, a pinned message, a machine.
std::string source_of(const core::TimelineEntry& e) {
  if (!e.signal.empty()) return "signal: " + e.signal;
  if (e.kind == core::EntryKind::pinned) return "\xF0\x9F\x93\x8C @" + e.author;
  return e.author.empty() ? "" : "@" + e.author;
}

}  // namespace

ListFilter ListFilter::from_query(const std::map<std::string, std::string>& q) {
  ListFilter f;
  const auto get = [&](const char* key) {
    const auto it = q.find(key);
    return it == q.end() ? std::string() : it->second;
  };
  f.status = get("status");
  f.severity = get("severity");
  f.service = get("service");
  f.search = get("q");
  f.from = date_of(get("from"));
  f.to = date_of(get("to"));
  try {
    f.page = std::max(1, std::stoi(get("page")));
  } catch (const std::exception&) {
    f.page = 1;
  }
  return f;
}

std::string ListFilter::query_for_page(int n) const {
  std::string q;
  const auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) q += std::string(q.empty() ? "?" : "&") + key + "=" + url_encode(value);
  };
  add("status", status);
  add("severity", severity);
  add("service", service);
  add("q", search);
  add("from", from ? core::format_date(*from) : "");
  add("to", to ? core::format_date(*to) : "");
  add("page", std::to_string(n));
  return q;
}

std::string render_incident_list(core::Store& store, const ListFilter& filter,
                                 const std::string& zone) {
  const auto incidents = store.incidents().list(true);
  std::set<std::int64_t> found;
  if (!filter.search.empty())
    for (const auto n : store.incidents().search(filter.search)) found.insert(n);
  std::vector<const core::Incident*> matching;
  for (const auto& inc : incidents)
    if (matches(inc, filter, zone, found)) matching.push_back(&inc);
  // Open first (the ones being worked), then the most recent; pointers are
  // sorted, not the incidents (10,000 of them, each with its lists).
  std::stable_sort(matching.begin(), matching.end(), [](const auto* a, const auto* b) {
    const bool a_open = a->status != core::IncidentStatus::closed;
    const bool b_open = b->status != core::IncidentStatus::closed;
    if (a_open != b_open) return a_open;
    return a->declared_at > b->declared_at;
  });
  // Only the page shown reads timelines for its figures.
  const std::size_t first = static_cast<std::size_t>(filter.page - 1) * kListPageSize;
  const std::size_t last = std::min(matching.size(), first + kListPageSize);
  std::string rows;
  for (std::size_t i = first; i < last; ++i) {
    const core::Incident& inc = *matching[i];
    const auto figures = core::compute_figures(inc, store.timeline().list(inc.number));
    const std::string ref = core::incident_ref(inc.number);
    rows += "<tr class=\"incident\" id=\"" + ref + "\"><td><a href=\"/incidents/" + ref + "\">" +
            ref + "</a></td><td>" + escape(inc.title) + "</td><td class=\"sev-" +
            escape(severity_of(inc)) + "\">" + escape(severity_of(inc)) + "</td><td>" +
            escape(std::string(core::to_string(inc.status))) + "</td><td>" +
            escape(joined(inc.services)) + "</td><td>" +
            escape(core::format_date_time(inc.declared_at, zone)) + "</td><td>" +
            escape(minutes_text(figures.customer_impact)) + "</td></tr>\n";
  }
  std::string body = "<h1>Incidents</h1>\n" + filter_form(filter);
  body += "<p id=\"count\">" + std::to_string(matching.size()) + " of " +
          std::to_string(incidents.size()) + " incidents</p>\n";
  body +=
      "<table><thead><tr><th>Incident</th><th>Title</th><th>Severity</th><th>Status</th>"
      "<th>Services</th><th>Declared</th><th>Customer impact</th></tr></thead><tbody>\n" +
      rows + "</tbody></table>\n";
  if (matching.size() > kListPageSize) {
    body += "<p id=\"pages\">" + std::to_string(first + 1) + "\xE2\x80\x93" +
            std::to_string(last) + " of " + std::to_string(matching.size());
    if (filter.page > 1)
      body += " \xC2\xB7 <a href=\"/" + escape(filter.query_for_page(filter.page - 1)) +
              "\">newer</a>";
    if (last < matching.size())
      body += " \xC2\xB7 <a href=\"/" + escape(filter.query_for_page(filter.page + 1)) +
              "\">older</a>";
    body += "</p>\n";
  }
  return page("Incidents", body);
}

std::string render_incident_page(core::Store& store, std::int64_t number, const std::string& zone) {
  const core::Incident inc = *store.incidents().find(number);
  const auto timeline = store.timeline().list(number);
  const auto figures = core::compute_figures(inc, timeline);
  const std::string ref = core::incident_ref(number);
  std::string body =
      "<h1>" + ref + ": " + escape(inc.title) + "</h1>\n<p class=\"source\">" +
      escape(std::string(core::to_string(inc.status))) + " \xC2\xB7 " +
      escape(inc.severity ? std::string(core::to_string(*inc.severity)) : "no severity") +
      " \xC2\xB7 declared " + escape(core::format_date_time(inc.declared_at, zone)) +
      (inc.services.empty() ? "" : " \xC2\xB7 services " + escape(joined(inc.services))) + "</p>\n";
  const auto gap = figures.detection_gap_minutes();
  body += "<div class=\"figures\">" +
          figure("customer-impact", "Customer impact", minutes_text(figures.customer_impact)) +
          figure("detection-gap", "Detection gap", gap ? std::to_string(*gap) + " minutes" : "") +
          figure("duration", "Duration", minutes_text(figures.duration)) +
          figure("time-to-mitigate", "Time to mitigate", minutes_text(figures.time_to_mitigate)) +
          "</div>\n";
  body += "<h2>Timeline</h2>\n<div class=\"picture\">" + core::timeline_svg(inc, timeline, zone) +
          "</div>\n<table id=\"timeline\"><tbody>\n";
  for (const auto& e : timeline) {
    if (e.kind == core::EntryKind::correction) continue;
    const std::string label = e.milestone ? std::string(core::milestone_label(*e.milestone))
                                          : std::string(core::entry_kind_label(e.kind));
    body += std::string("<tr") + (e.struck_at ? " class=\"struck\"" : "") + "><td>" +
            core::entry_ref(e.id) + "</td><td>" + escape(core::format_date_time(e.at, zone)) +
            "</td><td>" + escape(label) + "</td><td>" + escape(e.text) +
            "</td><td class=\"source\">" + escape(source_of(e)) + "</td></tr>\n";
  }
  body += "</tbody></table>\n<h2>Action items</h2>\n<table id=\"actions\"><tbody>\n";
  for (const auto& item : store.actions().list_for_incident(number))
    body += "<tr><td>" + core::action_ref(item.number) + "</td><td>" +
            (item.done_at ? "done" : "open") + "</td><td>@" + escape(item.owner) + "</td><td>" +
            escape(item.description) + "</td><td>" +
            (item.due ? escape(core::format_date(*item.due)) : "") + "</td><td>" +
            tracker_link(item.tracker) + "</td></tr>\n";
  body += "</tbody></table>\n<h2>Drafts</h2>\n<ul id=\"drafts\">\n";
  for (const auto& draft : store.drafts().list(number)) {
    const std::string v = std::to_string(draft.version);
    body += "<li><a href=\"/incidents/" + ref + "/drafts/" + v + "\">v" + v + "</a> (" +
            escape(core::format_date_time(draft.created_at, zone)) + ", <a href=\"/incidents/" +
            ref + "/drafts/" + v + ".md\">Markdown</a>)</li>\n";
  }
  const auto transcript = store.transcript().list(number);
  std::set<std::string> people;
  for (const auto& line : transcript)
    people.insert(line.author_name.empty() ? line.author : line.author_name);
  body += "</ul>\n<h2>Participants</h2>\n<p id=\"participants\">";
  for (const auto& p : people) body += "@" + escape(p) + " ";
  body += "</p>\n<h2>Transcript</h2>\n<table id=\"transcript\"><tbody>\n";
  for (const auto& line : transcript)
    body += "<tr><td>" + escape(core::format_clock(line.at, zone)) + "</td><td>@" +
            escape(line.author_name.empty() ? line.author : line.author_name) + "</td><td>" +
            escape(line.text) + "</td></tr>\n";
  body += "</tbody></table>\n";
  return page(ref + ": " + inc.title, body);
}

}  // namespace scribe::web
