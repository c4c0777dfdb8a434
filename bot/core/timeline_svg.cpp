#include "bot/core/timeline_svg.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "bot/core/postmortem.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

constexpr double kMargin = 24;
constexpr double kLaneHeight = 16;
constexpr double kBandHeight = 36;
constexpr double kTickBand = 18;
constexpr double kCharWidth = 6.6;  // of the 11 px sans-serif the labels use


std::string num(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

// Whole local minutes between ticks: few enough to label each one.
Millis tick_step(Millis range) {
  static constexpr std::array<int, 14> kMinutes{1,   2,   5,   10,  15,   30,   60,
                                                120, 180, 360, 720, 1440, 2880, 10080};
  for (const int m : kMinutes)
    if (range / std::chrono::minutes(m) <= 10) return std::chrono::minutes(m);
  return std::chrono::minutes(kMinutes.back());
}

// The instants of the local wall-clock times that are whole multiples of
// `step`, from `from` to `to`: one day at a time, so a DST change moves them
// with the clocks.
std::vector<Instant> local_ticks(Instant from, Instant to, Millis step, std::string_view zone) {
  std::vector<Instant> ticks;
  const auto step_minutes = std::chrono::duration_cast<std::chrono::minutes>(step);
  auto day = local_date(from, zone);
  for (int days = 0; days < 400; ++days) {
    const auto day_start = local_instant(day, std::chrono::minutes(0), zone);
    if (day_start > to) break;
    if (step_minutes >= std::chrono::days(1)) {
      if (day_start >= from && (days % (step_minutes / std::chrono::days(1))) == 0)
        ticks.push_back(day_start);
    } else {
      for (auto m = std::chrono::minutes(0); m < std::chrono::days(1); m += step_minutes) {
        const Instant t = local_instant(day, m, zone);
        if (t >= from && t <= to && (ticks.empty() || t > ticks.back())) ticks.push_back(t);
      }
    }
    day = std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days(1)};
  }
  return ticks;
}

struct Label {
  double x = 0;
  std::string text;
  std::string css;  // the marker's class
  std::string hover;
  int lane = 0;
  bool anchor_end = false;
};

}  // namespace

std::string timeline_file_name(std::int64_t incident) {
  return incident_ref(incident) + "-timeline.svg";
}

std::string timeline_svg(const Incident& incident, const std::vector<TimelineEntry>& timeline,
                         std::string_view zone, const TimelinePictureOptions& options) {
  std::vector<const TimelineEntry*> entries;
  for (const auto& e : timeline)
    if (e.counts()) entries.push_back(&e);
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto* a, const auto* b) { return a->at < b->at; });
  const PostmortemFigures figures = compute_figures(incident, timeline);
  const auto milestones = milestone_entries(timeline);

  // The range: every entry and both ends of each span, with a little air.
  Instant first = incident.declared_at, last = incident.declared_at;
  for (const auto* e : entries) {
    first = std::min(first, e->at);
    last = std::max(last, e->at);
  }
  if (last - first < std::chrono::minutes(1)) last = first + std::chrono::minutes(1);
  const Millis pad = std::max<Millis>((last - first) / 30, std::chrono::seconds(30));
  const Instant from = first - pad, to = last + pad;
  const double width = std::max(options.width, 320);
  const double plot = width - 2 * kMargin;
  const auto x_of = [&](Instant t) {
    return kMargin + plot * static_cast<double>((t - from).count()) /
                         static_cast<double>((to - from).count());
  };

  // Milestone and declaration labels, each in the first lane where it fits.
  std::vector<Label> labels;
  for (const auto* e : entries) {
    const bool declared = e->kind == EntryKind::declared;
    const bool counted_milestone = e->kind == EntryKind::milestone && e->milestone &&
                                   milestones.count(*e->milestone) &&
                                   milestones.at(*e->milestone) == e;
    if (!declared && !counted_milestone) continue;
    Label l;
    l.x = x_of(e->at);
    l.text = std::string(declared ? "Declared" : milestone_label(*e->milestone)) + " " +
             format_clock(e->at, zone);
    l.css = declared ? "declared" : "milestone " + std::string(to_string(*e->milestone));
    l.hover = e->text + (e->signal.empty() ? "" : " (by " + e->signal + ")");
    labels.push_back(std::move(l));
  }
  std::vector<double> lane_end;  // the right edge of the last label in each lane
  for (auto& l : labels) {
    const double w = kCharWidth * static_cast<double>(l.text.size()) + 6;
    l.anchor_end = l.x + w > width - kMargin / 2;
    const double left = l.anchor_end ? l.x - w : l.x;
    std::size_t lane = 0;
    while (lane < lane_end.size() && left < lane_end[lane] + 4) ++lane;
    if (lane == lane_end.size()) lane_end.push_back(0);
    lane_end[lane] = left + w;
    l.lane = static_cast<int>(lane);
  }
  const double lanes = static_cast<double>(std::max<std::size_t>(lane_end.size(), 1));
  const double band_top = 8 + lanes * kLaneHeight + 6;
  const double band_bottom = band_top + kBandHeight;
  const double ticks_bottom = band_bottom + kTickBand;
  const double axis_y = ticks_bottom + 6;
  const double height = axis_y + 34;

  std::string svg;
  svg.reserve(4096 + entries.size() * 160);
  const std::string name = incident_ref(incident.number) + " timeline";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" +
         num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
         "\" role=\"img\" aria-label=\"" + markup_escape(name) +
         "\" font-family=\"sans-serif\" "
         "font-size=\"11\">\n<title>" +
         markup_escape(name + ": " + incident.title) + "</title>\n";

  // The spans, under everything else.
  // Colours as attributes, not a <style> element: the picture is inlined in
  // pages whose Content-Security-Policy allows no inline styles.
  const auto span = [&](const std::optional<Span>& s, const char* css, const char* fill,
                        const std::string& what) {
    if (!s) return;
    const double x1 = x_of(s->from), x2 = x_of(s->to);
    svg += "<rect class=\"" + std::string(css) + "\" fill=\"" + fill + "\" x=\"" + num(x1) +
           "\" y=\"" + num(band_top) + "\" width=\"" + num(std::max(x2 - x1, 1.0)) +
           "\" height=\"" + num(kBandHeight) + "\" data-minutes=\"" + std::to_string(s->minutes()) +
           "\"><title>" +
           markup_escape(what + ": " + std::to_string(s->minutes()) + " minutes (" +
               format_clock(s->from, zone) + "\xE2\x80\x93" + format_clock(s->to, zone) + ")") +
           "</title></rect>\n";
  };
  span(figures.customer_impact, "impact", "#f4c7c3", "Customer impact");
  span(figures.detection_gap, "detection-gap", "#f9d77e", "Detection gap");

  // Notes, pins and signals as ticks below the band.
  for (const auto* e : entries) {
    if (e->kind == EntryKind::milestone || e->kind == EntryKind::declared) continue;
    const bool signal = !e->signal.empty(), pinned = e->kind == EntryKind::pinned;
    const char* css = signal ? "signal" : pinned ? "pinned" : "note";
    const char* stroke = signal ? "#1f6feb" : pinned ? "#b35900" : "#777";
    const double x = x_of(e->at);
    svg += "<line class=\"" + std::string(css) + "\" stroke=\"" + stroke + "\" x1=\"" + num(x) +
           "\" y1=\"" + num(band_bottom + 3) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(ticks_bottom) + "\"><title>" +
           markup_escape(format_clock(e->at, zone) + " " + e->text +
               (e->signal.empty() ? "" : " (by " + e->signal + ")")) +
           "</title></line>\n";
  }

  // Milestones: a line through the band, a leader up to the label's lane.
  for (const auto& l : labels) {
    const double label_y = 8 + (static_cast<double>(l.lane) + 1) * kLaneHeight - 4;
    svg += "<g class=\"" + markup_escape(l.css) + "\"><line class=\"marker\" stroke=\"#222\" x1=\"" +
           num(l.x) + "\" y1=\"" + num(label_y + 3) + "\" x2=\"" + num(l.x) + "\" y2=\"" +
           num(band_bottom) + "\"/><text x=\"" + num(l.anchor_end ? l.x - 3 : l.x + 3) + "\" y=\"" +
           num(label_y) + "\"" + (l.anchor_end ? " text-anchor=\"end\"" : "") + ">" + markup_escape(l.text) +
           "</text><title>" + markup_escape(l.hover) + "</title></g>\n";
  }

  // The axis in the display zone; the date where it starts and where it changes.
  svg += "<line class=\"axis\" stroke=\"#555\" x1=\"" + num(kMargin) + "\" y1=\"" + num(axis_y) +
         "\" x2=\"" + num(width - kMargin) + "\" y2=\"" + num(axis_y) + "\"/>\n";
  std::string last_date;
  for (const Instant t : local_ticks(from, to, tick_step(to - from), zone)) {
    const double x = x_of(t);
    svg += "<line class=\"axis\" stroke=\"#555\" x1=\"" + num(x) + "\" y1=\"" + num(axis_y) +
           "\" x2=\"" + num(x) + "\" y2=\"" + num(axis_y + 4) + "\"/><text class=\"tick\" x=\"" +
           num(x) + "\" y=\"" + num(axis_y + 16) + "\" text-anchor=\"middle\">" +
           markup_escape(format_clock(t, zone)) + "</text>\n";
    const std::string date = format_date(local_date(t, zone));
    if (date != last_date) {
      svg += "<text class=\"date\" x=\"" + num(x) + "\" y=\"" + num(axis_y + 29) +
             "\" text-anchor=\"middle\">" + markup_escape(date + " " + zone_abbreviation(t, zone)) +
             "</text>\n";
      last_date = date;
    }
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace scribe::core
