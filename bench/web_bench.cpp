// Web view server time: the incident list over 10,000 incidents, one incident
// page with 10,000 transcript lines, and the SVG of a 500-entry timeline.
// Pages are rendered in-process from a SQLite file (what a request costs the
// server, without the network); each figure is the median of the runs.
//
//   web_bench [--incidents N] [--lines N] [--runs R]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "adapters/web/web_view.hpp"
#include "bot/core/time.hpp"
#include "bot/core/timeline_svg.hpp"
#include "storage/sqlite_store.hpp"

using namespace scribe;
using Clock = std::chrono::steady_clock;

namespace {

core::TimelineEntry entry(std::int64_t incident, core::EntryKind kind,
                          std::optional<core::Milestone> m, core::Instant at, std::string text) {
  core::TimelineEntry e;
  e.incident = incident;
  e.kind = kind;
  e.milestone = m;
  e.at = at;
  e.recorded_at = at;
  e.author = "dana";
  e.text = std::move(text);
  return e;
}

// An incident like the seed: declared, impact, detected, resolved, a note.
std::int64_t add_incident(core::Store& store, int i, core::Instant at) {
  core::Incident inc;
  inc.title = "Incident number " + std::to_string(i) + " on the checkout API";
  inc.severity = static_cast<core::Severity>(1 + i % 4);
  inc.status = i % 10 == 0 ? core::IncidentStatus::open : core::IncidentStatus::closed;
  inc.platform = "console";
  inc.channel = "#c" + std::to_string(i);
  inc.declared_by = "dana";
  inc.declared_at = at;
  inc.services = {i % 2 ? "checkout" : "api"};
  const auto n = store.incidents().create(inc);
  using core::EntryKind;
  using core::Milestone;
  const auto minutes = [&](int m) { return at + std::chrono::minutes(m); };
  store.timeline().add(entry(n, EntryKind::declared, std::nullopt, at, "Declared"));
  store.timeline().add(entry(n, EntryKind::milestone, Milestone::impact, minutes(-15), "Impact"));
  store.timeline().add(entry(n, EntryKind::milestone, Milestone::detected, minutes(-2), "Alert"));
  store.timeline().add(entry(n, EntryKind::note, std::nullopt, minutes(5), "Rolled back"));
  store.timeline().add(entry(n, EntryKind::milestone, Milestone::resolved, minutes(25), "Done"));
  return n;
}

double median_ms(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F>
double time_ms(int runs, F&& f) {
  std::vector<double> took;
  for (int r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    f();
    took.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  return median_ms(took);
}

net::ServerRequest get(std::string target) {
  net::ServerRequest r;
  r.method = "GET";
  r.target = std::move(target);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int incidents = 10000, lines = 10000, runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--incidents") incidents = std::stoi(argv[i + 1]);
    else if (a == "--lines") lines = std::stoi(argv[i + 1]);
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: web_bench [--incidents N] [--lines N] [--runs R]\n");
      return 2;
    }
  }
  const auto dir = std::filesystem::temp_directory_path() /
                   ("scribe-web-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    auto store = storage::open_store((dir / "scribe.db").string());
    const core::Instant start = *core::parse_iso8601("2026-01-01T00:00:00Z");
    std::int64_t big = 0;
    store->transaction([&] {
      for (int i = 0; i < incidents; ++i)
        big = add_incident(*store, i, start + std::chrono::hours(3 * i));
      for (int l = 0; l < lines; ++l) {
        core::TranscriptLine line;
        line.incident = big;
        line.message_id = "m" + std::to_string(l);
        line.at = start + std::chrono::hours(3 * (incidents - 1)) + std::chrono::seconds(l);
        line.author = l % 3 ? "sam" : "dana";
        line.author_name = line.author;
        line.text = "line " + std::to_string(l) + ": the pool is still at its maximum, restarting";
        store->transcript().add(line);
      }
    });
    web::WebView view(*store, web::WebViewOptions{"Europe/Berlin"});
    std::size_t bytes = 0;
    const double list = time_ms(runs, [&] { bytes = view.handle(get("/")).body.size(); });
    std::printf("list page, %d incidents: %.1f ms (%zu KiB)\n", incidents, list, bytes / 1024);
    const double filtered =
        time_ms(runs, [&] { bytes = view.handle(get("/?severity=P1&service=api")).body.size(); });
    std::printf("list page filtered (P1, api): %.1f ms (%zu KiB)\n", filtered, bytes / 1024);
    const double search =
        time_ms(runs, [&] { bytes = view.handle(get("/?q=still+at+its+maximum")).body.size(); });
    std::printf("list page searched (words of one transcript): %.1f ms (%zu KiB)\n", search,
                bytes / 1024);
    const std::string page = "/incidents/" + core::incident_ref(big);
    const double one = time_ms(runs, [&] { bytes = view.handle(get(page)).body.size(); });
    std::printf("incident page, %d transcript lines: %.1f ms (%zu KiB)\n", lines, one, bytes / 1024);

    core::Incident inc = *store->incidents().find(big);
    std::vector<core::TimelineEntry> timeline;
    for (int i = 0; i < 500; ++i)
      timeline.push_back(entry(big, core::EntryKind::note, std::nullopt,
                               inc.declared_at + std::chrono::seconds(7 * i), "note"));
    for (const auto m : core::kAllMilestones)
      timeline.push_back(entry(big, core::EntryKind::milestone, m, inc.declared_at, "m"));
    const double svg = time_ms(runs, [&] { bytes = core::timeline_svg(inc, timeline, "UTC").size(); });
    std::printf("timeline SVG, 507 entries: %.2f ms (%zu KiB)\n", svg, bytes / 1024);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
