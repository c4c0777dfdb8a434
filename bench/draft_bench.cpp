// How long one postmortem draft takes to render for a long incident: 10,000
// transcript lines, 500 timeline entries, 20 action items, through the real
// built-in template. The draft is regenerated on every `draft` and `close`, so
// it must stay well under 50 ms.
//
// usage: draft_bench [repetitions] [template file]   (default: 30, built-in template)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bot/core/postmortem.hpp"
#include "templates/builtin.hpp"

namespace {

using namespace scribe::core;
namespace chr = std::chrono;

constexpr int kTranscriptLines = 10'000;
constexpr int kTimelineEntries = 500;
constexpr int kActionItems = 20;

const char* const kPeople[] = {"dana", "sam", "lee", "priya", "marek", "yuki", "ana", "omar"};

// Chat as it reads in a real incident channel, including the awkward parts: a
// multi-line paste, backticks, HTML-ish text and the odd sentence that blames.
const char* const kChat[] = {
    "error rate on /api/orders is climbing, pool metrics flat at max",
    "looks like connections are never returned to the pool",
    "rolling back v2.4.1 on canary first, then the rest",
    "p99 latency back under 300ms on canary",
    "stack trace:\n  at Pool.acquire (pool.js:88)\n  at Query.run (query.js:12)",
    "running `SELECT count(*) FROM pg_stat_activity` -> 500",
    "dashboard shows <5% errors now, watching for another 10 minutes",
    "@sam didn't test the migration in staging",
    "paging the database on-call, they are joining",
    "customers in EU report checkout timeouts",
};

Instant start_of_incident() {
  return chr::sys_days{chr::year{2026} / 3 / 12} + chr::hours{14};
}

DraftInput long_incident() {
  DraftInput input;
  const Instant t0 = start_of_incident();
  Incident& incident = input.incident;
  incident.number = 42;
  incident.title = "API returning 503s";
  incident.severity = Severity::p1;
  incident.status = IncidentStatus::resolved;
  incident.declared_by = "dana";
  incident.lead = "dana";
  incident.declared_at = t0 + chr::minutes{15};
  incident.summary = "A query added in v2.4.1 leaked database connections; the pool ran dry.";
  incident.cause = "A new query in v2.4.1 opened database connections without closing them";
  incident.affected = {"users: about 18% of API traffic", "features: checkout, order history"};
  incident.whys = {"The database ran out of connections",
                   "A new query in v2.4.1 opened connections without closing them",
                   "Code review didn't catch the connection leak",
                   "We have no automated checks for unclosed database resources",
                   "We never added linting rules for resource management in this language"};

  // Milestones spread over the incident, a few of them corrected later.
  for (int i = 0; i < kTimelineEntries; ++i) {
    TimelineEntry entry;
    entry.id = i + 1;
    entry.incident = incident.number;
    entry.at = t0 + chr::seconds{i * 29};
    entry.recorded_at = entry.at + chr::seconds{40};
    entry.author = kPeople[i % std::size(kPeople)];
    if (i % 50 == 0) {
      entry.kind = EntryKind::milestone;
      entry.milestone = kAllMilestones[(i / 50) % std::size(kAllMilestones)];
      entry.text = "Milestone reached: " + std::to_string(i);
    } else {
      entry.kind = EntryKind::note;
      entry.text = "Observation " + std::to_string(i) + ": " + kChat[i % std::size(kChat)];
    }
    input.timeline.push_back(std::move(entry));
  }
  for (int i = 0; i < kTranscriptLines; ++i) {
    TranscriptLine line;
    line.incident = incident.number;
    line.message_id = "m" + std::to_string(i);
    line.at = t0 + chr::milliseconds{i * 1'700};
    line.author = kPeople[(i * 7) % std::size(kPeople)];
    line.text = kChat[i % std::size(kChat)];
    if (i % 97 == 0) line.edited_at = line.at + chr::seconds{20};
    input.transcript.push_back(std::move(line));
  }
  for (int i = 0; i < kActionItems; ++i) {
    ActionItem item;
    item.number = i + 1;
    item.incident = incident.number;
    item.owner = kPeople[i % std::size(kPeople)];
    item.description = "Follow-up number " + std::to_string(i + 1) + " for the connection leak";
    if (i % 3 != 0) item.due = chr::year{2026} / 3 / chr::day{13u + static_cast<unsigned>(i % 15)};
    if (i % 4 == 0) item.done_at = t0 + chr::hours{30};
    input.actions.push_back(std::move(item));
  }
  input.zone = "America/New_York";
  input.detection_target_minutes = 2;
  input.generated_at = t0 + chr::hours{6};
  return input;
}

std::string template_text(int argc, char** argv) {
  if (argc > 2) {
    std::ifstream file(argv[2]);
    if (!file) {
      std::fprintf(stderr, "draft_bench: cannot read %s\n", argv[2]);
      std::exit(2);
    }
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
  }
  const auto builtin = scribe::templates::find_builtin("postmortem.md.mustache");
  if (!builtin) {
    std::fprintf(stderr, "draft_bench: no built-in postmortem.md.mustache\n");
    std::exit(2);
  }
  return std::string(*builtin);
}

}  // namespace

int main(int argc, char** argv) {
  const int repetitions = argc > 1 ? std::max(1, std::atoi(argv[1])) : 30;
  const std::string text = template_text(argc, argv);
  const DraftInput input = long_incident();

  std::size_t bytes = 0;
  std::vector<double> millis;
  for (int i = 0; i < repetitions; ++i) {
    const auto begin = chr::steady_clock::now();
    const std::string draft = render_postmortem(text, input);
    const auto end = chr::steady_clock::now();
    bytes = draft.size();
    millis.push_back(chr::duration<double, std::milli>(end - begin).count());
  }
  std::sort(millis.begin(), millis.end());
  std::printf("draft: %d transcript lines, %d timeline entries, %d action items -> %zu bytes\n",
              kTranscriptLines, kTimelineEntries, kActionItems, bytes);
  std::printf("render over %d runs: min %.2f ms, median %.2f ms, max %.2f ms\n", repetitions,
              millis.front(), millis[millis.size() / 2], millis.back());
  return 0;
}
