#include "adapters/web/reports.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "adapters/web/html.hpp"
#include "bot/core/action_items.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/time.hpp"

namespace scribe::web {
namespace {

std::string percent(std::size_t part, std::size_t whole) {
  if (whole == 0) return "\xE2\x80\x94";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buffer;
}

std::string month_of(core::Instant t, const std::string& zone) {
  const auto day = core::local_date(t, zone);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()));
  return buffer;
}

// The figures of one group of incidents (a month, a severity).
struct Group {
  std::size_t incidents = 0;
  std::vector<std::int64_t> detect, acknowledge, mitigate, resolve, impact;
  std::size_t items = 0, items_done = 0;
  std::map<std::string, std::size_t> by_severity;  // for the monthly chart
};

std::string quantiles(const std::vector<std::int64_t>& values) {
  const auto p50 = quantile(values, 0.5), p90 = quantile(values, 0.9);
  if (!p50) return "\xE2\x80\x94";
  return std::to_string(*p50) + " / " + std::to_string(*p90) + " min";
}

std::string group_rows(const std::map<std::string, Group>& groups, const char* id) {
  std::string out = std::string("<table id=\"") + id +
                    "\"><thead><tr><th></th><th>Incidents</th><th>Time to detect</th>"
                    "<th>Time to acknowledge</th><th>Time to mitigate</th><th>Time to resolve</th>"
                    "<th>Customer impact</th><th>Action items done</th></tr></thead><tbody>\n";
  for (const auto& [name, g] : groups)
    out += "<tr><th>" + escape(name) + "</th><td>" + std::to_string(g.incidents) + "</td><td>" +
           quantiles(g.detect) + "</td><td>" + quantiles(g.acknowledge) + "</td><td>" +
           quantiles(g.mitigate) + "</td><td>" + quantiles(g.resolve) + "</td><td>" +
           quantiles(g.impact) + "</td><td>" + percent(g.items_done, g.items) + "</td></tr>\n";
  return out + "</tbody></table>\n";
}

// Incidents per month, stacked by severity, as an SVG drawn here.
std::string monthly_chart(const std::map<std::string, Group>& months) {
  static const std::map<std::string, const char*> kColour{
      {"P1", "#b42318"}, {"P2", "#e8590c"}, {"P3", "#f2b705"}, {"P4", "#7d8b99"}, {"none", "#c9ced6"}};
  std::size_t most = 1;
  for (const auto& [m, g] : months) most = std::max(most, g.incidents);
  const double bar = 36, gap = 14, height = 160, top = 10;
  const double width = 40 + static_cast<double>(months.size()) * (bar + gap);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"incidents-per-month\" width=\"" +
                    std::to_string(static_cast<int>(width)) + "\" height=\"" +
                    std::to_string(static_cast<int>(height + 40)) +
                    "\" role=\"img\" aria-label=\"Incidents per month\" font-family=\"sans-serif\" "
                    "font-size=\"11\">\n";
  double x = 30;
  for (const auto& [month, g] : months) {
    double y = top + height;
    for (const char* sev : {"P4", "P3", "P2", "P1", "none"}) {
      const auto it = g.by_severity.find(sev);
      if (it == g.by_severity.end()) continue;
      const double h = height * static_cast<double>(it->second) / static_cast<double>(most);
      y -= h;
      char rect[256];
      std::snprintf(rect, sizeof rect,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                    "<title>%s %s: %zu</title></rect>\n",
                    x, y, bar, h, kColour.at(sev), month.c_str(), sev, it->second);
      svg += rect;
    }
    char label[160];
    std::snprintf(label, sizeof label,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>"
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n",
                  x + bar / 2, top + height + 14, month.c_str(), x + bar / 2, y - 3, g.incidents);
    svg += label;
    x += bar + gap;
  }
  return svg + "</svg>\n";
}

}  // namespace

std::optional<std::int64_t> quantile(std::vector<std::int64_t> values, double q) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::string render_actions_page(core::Store& store, const ReportContext& c) {
  struct Owner {
    std::vector<core::ActionItem> open;
    std::size_t total = 0, done = 0, overdue = 0;
  };
  std::map<std::string, Owner> owners;
  std::size_t total = 0, done = 0;
  for (const auto& item : store.actions().list_all(true)) {
    auto& o = owners[item.owner];
    ++o.total;
    ++total;
    if (item.done_at) {
      ++o.done;
      ++done;
      continue;
    }
    if (core::is_overdue(item, c.now, core::person_zone(c.people_zones, c.zone, item.owner, "")))
      ++o.overdue;
    o.open.push_back(item);
  }
  std::string body = "<h1>Action items</h1>\n<p id=\"completion\">" + std::to_string(done) + " of " +
                     std::to_string(total) + " done (" + percent(done, total) + ")</p>\n";
  for (const auto& [owner, o] : owners) {
    body += "<h2 id=\"owner-" + escape(owner) + "\">@" + escape(owner) + "</h2><p>" +
            std::to_string(o.open.size()) + " open, " + std::to_string(o.overdue) + " overdue, " +
            percent(o.done, o.total) + " done</p>\n<table><tbody>\n";
    for (const auto& item : o.open) {
      const std::string zone = core::person_zone(c.people_zones, c.zone, item.owner, "");
      const bool late = core::is_overdue(item, c.now, zone);
      const std::string ref = core::incident_ref(item.incident);
      body += std::string("<tr") + (late ? " class=\"overdue\"" : "") + "><td>" +
              core::action_ref(item.number) + "</td><td>" + escape(item.description) +
              "</td><td>" + (item.due ? escape(core::format_date(*item.due)) : "no due date") +
              (late ? " (overdue " + std::to_string(core::days_overdue(item, c.now, zone)) + " d)"
                    : "") +
              "</td><td><a href=\"/incidents/" + ref + "\">" + ref + "</a></td><td>" +
              tracker_link(item.tracker) + "</td></tr>\n";
    }
    body += "</tbody></table>\n";
  }
  return page("Action items", body);
}

std::string render_insights_page(core::Store& store, const ReportContext& c) {
  std::map<std::string, Group> months, severities;
  for (const auto& inc : store.incidents().list(true)) {
    const auto figures = core::compute_figures(inc, store.timeline().list(inc.number));
    const auto sev = figures.highest_severity ? figures.highest_severity : inc.severity;
    const std::string sev_name = sev ? std::string(core::to_string(*sev)) : "none";
    const auto items = store.actions().list_for_incident(inc.number);
    for (Group* g : {&months[month_of(inc.declared_at, c.zone)], &severities[sev_name]}) {
      ++g->incidents;
      ++g->by_severity[sev_name];
      if (const auto gap = figures.detection_gap_minutes()) g->detect.push_back(*gap);
      if (figures.time_to_acknowledge) g->acknowledge.push_back(figures.time_to_acknowledge->minutes());
      if (figures.time_to_mitigate) g->mitigate.push_back(figures.time_to_mitigate->minutes());
      if (figures.duration) g->resolve.push_back(figures.duration->minutes());
      if (figures.customer_impact) g->impact.push_back(figures.customer_impact->minutes());
      g->items += items.size();
      g->items_done += static_cast<std::size_t>(
          std::count_if(items.begin(), items.end(), [](const auto& i) { return i.done_at.has_value(); }));
    }
  }
  std::string body =
      "<h1>Insights</h1>\n<p class=\"source\">Times are median / p90 in minutes over the "
      "incidents where both milestones are marked (detect: impact to detection; the others "
      "from detection).</p>\n<h2>Incidents per month</h2>\n<div class=\"picture\">" +
      monthly_chart(months) + "</div>\n<h2>Per month</h2>\n" + group_rows(months, "per-month") +
      "<h2>Per severity</h2>\n" + group_rows(severities, "per-severity");
  return page("Insights", body);
}

}  // namespace scribe::web
