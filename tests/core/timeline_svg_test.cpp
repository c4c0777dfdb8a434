// The timeline picture: spans with the draft's figures, labels that never
// overlap, an axis in the display zone across DST, every text escaped.
#include "bot/core/timeline_svg.hpp"

#include <catch2/catch.hpp>

#include <regex>

#include "bot/core/time.hpp"

using namespace scribe::core;

namespace {

Instant at(const std::string& iso) {
  return *parse_iso8601(iso);
}

struct Builder {
  Incident incident;
  std::vector<TimelineEntry> timeline;

  Builder() {
    incident.number = 1;
    incident.title = "API returning 503s";
    incident.declared_at = at("2026-03-12T14:46:00Z");
    add(EntryKind::declared, std::nullopt, "2026-03-12T14:46:00Z", "Declared");
  }
  TimelineEntry& add(EntryKind kind, std::optional<Milestone> m, const std::string& iso,
                     std::string text) {
    TimelineEntry e;
    e.id = static_cast<std::int64_t>(timeline.size()) + 1;
    e.incident = 1;
    e.kind = kind;
    e.milestone = m;
    e.at = at(iso);
    e.recorded_at = at(iso);
    e.text = std::move(text);
    timeline.push_back(e);
    return timeline.back();
  }
  TimelineEntry& mark(Milestone m, const std::string& iso) {
    return add(EntryKind::milestone, m, iso, std::string(milestone_label(m)));
  }
};

// Every (x, text) of the elements with this class, in document order.
std::vector<std::pair<double, std::string>> texts(const std::string& svg, const std::string& css) {
  std::vector<std::pair<double, std::string>> out;
  const std::regex re("<text class=\"" + css + "\" x=\"([0-9.]+)\"[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it)
    out.emplace_back(std::stod((*it)[1]), (*it)[2]);
  return out;
}

}  // namespace

TEST_CASE("the seed's spans: 40 minutes of impact, a 13-minute detection gap", "[svg]") {
  Builder b;
  b.add(EntryKind::note, std::nullopt, "2026-03-12T14:12:00Z", "Deploy of v2.4.1").signal =
      "webhook: deploy";
  b.mark(Milestone::impact, "2026-03-12T14:31:00Z");
  b.mark(Milestone::detected, "2026-03-12T14:44:00Z").signal = "Alertmanager: HighErrorRate";
  b.mark(Milestone::resolved, "2026-03-12T15:11:00Z");
  const std::string svg = timeline_svg(b.incident, b.timeline, "UTC");
  CHECK_THAT(svg, Catch::StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK_THAT(svg, Catch::Contains("class=\"impact\""));
  CHECK_THAT(svg, Catch::Contains("data-minutes=\"40\""));
  CHECK_THAT(svg, Catch::Contains("class=\"detection-gap\""));
  CHECK_THAT(svg, Catch::Contains("data-minutes=\"13\""));
  CHECK_THAT(svg, Catch::Contains("Detection gap: 13 minutes (14:31\xE2\x80\x93"
                                  "14:44)"));
  CHECK_THAT(svg, Catch::Contains(">Detected 14:44</text>"));
  CHECK_THAT(svg, Catch::Contains("(by Alertmanager: HighErrorRate)"));
  CHECK_THAT(svg, Catch::Contains("<line class=\"signal\""));  // the deploy, as a tick
  const auto ticks = texts(svg, "tick");
  REQUIRE(ticks.size() >= 3);
  for (std::size_t i = 1; i < ticks.size(); ++i) CHECK(ticks[i].first > ticks[i - 1].first);
  CHECK(timeline_file_name(7) == "INC-7-timeline.svg");
}

TEST_CASE("without impact or detection there is no span to shade, and struck entries are gone",
          "[svg]") {
  Builder b;
  auto& struck = b.add(EntryKind::note, std::nullopt, "2026-03-12T14:50:00Z", "typo");
  struck.struck_at = at("2026-03-12T14:51:00Z");
  const std::string svg = timeline_svg(b.incident, b.timeline, "UTC");
  CHECK_THAT(svg, !Catch::Contains("class=\"impact\""));
  CHECK_THAT(svg, !Catch::Contains("class=\"detection-gap\""));
  CHECK_THAT(svg, !Catch::Contains("typo"));
}

TEST_CASE("every text in the picture is escaped", "[svg]") {
  Builder b;
  b.incident.title = "<script>alert(1)</script>";
  b.add(EntryKind::note, std::nullopt, "2026-03-12T14:50:00Z", "\"><img src=x onerror=alert(2)>");
  b.mark(Milestone::detected, "2026-03-12T14:44:00Z").text = "</title><script>x</script>&";
  const std::string svg = timeline_svg(b.incident, b.timeline, "UTC");
  CHECK_THAT(svg, !Catch::Contains("<script"));
  CHECK_THAT(svg, !Catch::Contains("<img"));
  CHECK_THAT(svg, Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(svg, Catch::Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
  CHECK_THAT(svg, Catch::Contains("&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;&amp;"));
}

TEST_CASE("the axis follows the display zone across the US fall-back", "[svg]") {
  Builder b;
  b.incident.declared_at = at("2026-11-01T04:40:00Z");  // 00:40 EDT
  b.timeline.clear();
  b.add(EntryKind::declared, std::nullopt, "2026-11-01T04:40:00Z", "Declared");
  b.add(EntryKind::note, std::nullopt, "2026-11-01T07:20:00Z", "02:20 EST");
  const std::string svg = timeline_svg(b.incident, b.timeline, "America/New_York");
  const auto ticks = texts(svg, "tick");
  std::vector<std::string> labels;
  for (const auto& [x, text] : ticks) labels.push_back(text);
  CHECK(labels == std::vector<std::string>{"01:00", "01:30", "02:00"});
  // 01:30 EDT to 02:00 EST is an hour and a half of real time: three times
  // the step from 01:00 to 01:30.
  REQUIRE(ticks.size() == 3);
  const double half_hour = ticks[1].first - ticks[0].first;
  CHECK((ticks[2].first - ticks[1].first) == Approx(3 * half_hour).epsilon(0.01));
  CHECK_THAT(svg, Catch::Contains("2026-11-01 EDT"));
}

TEST_CASE("500 entries: every milestone labelled, no two labels overlap", "[svg]") {
  Builder b;
  for (int i = 0; i < 500; ++i) {
    char iso[32];
    std::snprintf(iso, sizeof iso, "2026-03-12T14:%02d:%02dZ", 30 + i / 60 % 30, i % 60);
    b.add(EntryKind::note, std::nullopt, iso, "note " + std::to_string(i));
  }
  // All seven milestones within two minutes: their labels must stack.
  int second = 0;
  for (const Milestone m : kAllMilestones) {
    char iso[32];
    std::snprintf(iso, sizeof iso, "2026-03-12T14:40:%02dZ", second);
    second += 15;
    b.mark(m, iso);
  }
  const std::string svg = timeline_svg(b.incident, b.timeline, "UTC");
  const std::regex label_re(
      R"re(<text x="([0-9.]+)" y="([0-9.]+)"( text-anchor="end")?>([^<]*)</text>)re");
  struct Box {
    double left, right, y;
  };
  std::vector<Box> boxes;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label_re);
       it != std::sregex_iterator(); ++it) {
    const double x = std::stod((*it)[1]);
    const double w = 6.6 * static_cast<double>((*it)[4].length());
    const bool end = (*it)[3].matched;
    boxes.push_back({end ? x - w : x, end ? x : x + w, std::stod((*it)[2])});
  }
  CHECK(boxes.size() == 8);  // seven milestones and the declaration
  for (std::size_t i = 0; i < boxes.size(); ++i)
    for (std::size_t j = i + 1; j < boxes.size(); ++j) {
      INFO(i << " and " << j);
      const bool same_lane = boxes[i].y == boxes[j].y;
      const bool apart = boxes[i].right <= boxes[j].left || boxes[j].right <= boxes[i].left;
      CHECK((!same_lane || apart));
    }
  std::size_t notes = 0;
  for (auto pos = svg.find("<line class=\"note\""); pos != std::string::npos;
       pos = svg.find("<line class=\"note\"", pos + 1))
    ++notes;
  CHECK(notes == 500);
}
