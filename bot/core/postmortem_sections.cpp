// The later sections of the draft: action items, participants, the blameless
// review and the transcript appendix.
#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <unordered_set>

#include "bot/core/postmortem_view.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"

namespace scribe::core::draft_view {
namespace {

using draft_text::DraftClock;
using kainjow::mustache::data;

data list() {
  return data{data::type::list};
}

// Whether an action item already works on detection, so Scribe's own
// suggestion would only repeat it: "alert on …", "monitor …", "reduce the
// uptime check interval", "page on …".
bool addresses_detection(const std::string& text) {
  const std::string lower = ascii_lower(text);
  for (const std::string_view word : {"detect", "alert", "alarm", "monitor", "uptime", "probe",
                                      "synthetic", "page on", "paging", "check interval",
                                      "healthcheck", "health check"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// People are written one way everywhere in the draft: "@sam".
std::string author_name(const DraftInput& input, const TranscriptLine& line) {
  if (line.author_name.empty()) return draft_text::at_name(input.names, line.author);
  return line.author_name.front() == '@' ? line.author_name : "@" + line.author_name;
}

std::vector<const TranscriptLine*> transcript_in_order(const DraftInput& input) {
  std::vector<const TranscriptLine*> lines;
  lines.reserve(input.transcript.size());
  for (const auto& line : input.transcript) lines.push_back(&line);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto* a, const auto* b) { return a->at < b->at; });
  return lines;
}

// Continuation lines of a multi-line message are indented under it, so each
// message still starts with its time.
std::string transcript_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    out += text[i];
    if (text[i] == '\n') out += "    ";
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  return out;
}

}  // namespace

void add_actions(const DraftInput& input, const PostmortemFigures& figures, const DraftClock& clock,
                 const std::string& responsible, data& view) {
  data actions = list();
  bool detection_suggested = false;
  for (const auto& item : input.actions) {
    data row;
    row.set("action_box", item.done_at ? "x" : " ");
    row.set("action_owner", draft_text::at_name(input.names, item.owner));
    row.set("action_description", item.description);
    row.set("action_due", item.due ? "due " + format_date(*item.due) : std::string("no due date"));
    if (item.number > 0) row.set("action_ref", action_ref(item.number));
    // The tracker's page, when the tracker gave one Scribe can put in a link.
    if (item.tracker.state == TrackerLink::State::linked && !item.tracker.key.empty()) {
      row.set("action_tracker", item.tracker.key);
      if (is_web_link(item.tracker.url)) row.set("action_tracker_url", item.tracker.url);
    }
    if (item.suggested) row.set("action_suggested", true);
    detection_suggested = detection_suggested || addresses_detection(item.description);
    actions.push_back(row);
  }

  const auto& gap = figures.detection_gap;
  const int target = input.detection_target_minutes;
  if (gap && gap->minutes() > target && !detection_suggested) {
    data row;
    row.set("action_box", " ");
    row.set("action_owner", responsible);
    row.set("action_suggested", true);
    row.set("action_proposed", true);
    row.set("action_description",
            "shorten time to detect — the detection gap was " +
                draft_text::minutes_text(gap->minutes()) + " against a target of " +
                draft_text::minutes_text(target) +
                "; alert on the first symptom customers see, so detection starts when impact does");
    const auto week_later = input.generated_at + std::chrono::days{7};
    row.set("action_due", "due " + format_date(local_date(week_later, clock.zone())));
    actions.push_back(row);
    view.set("detection_suggested", true);
  }
  if (!actions.is_empty_list()) view["actions"] = std::move(actions);
}

void add_participants(const DraftInput& input, data& view) {
  data participants = list();
  std::set<std::string> seen;
  for (const auto* line : transcript_in_order(input)) {
    if (!seen.insert(line->author).second) continue;
    participants.push_back(data{"participant", author_name(input, *line)});
  }
  if (!seen.empty()) view["participants"] = std::move(participants);
}

void add_review(const DraftInput& input, const DraftClock& clock, data& view) {
  data findings = list();
  std::unordered_set<std::string> listed;
  // The transcript repeats what commands put elsewhere ("/incident why …"): a
  // sentence flagged where it was filed is not flagged again where it is quoted.
  std::vector<std::string> filed;
  const auto quotes_filed = [&](const std::string& sentence) {
    return std::any_of(filed.begin(), filed.end(), [&](const std::string& earlier) {
      return sentence.size() >= earlier.size() &&
             sentence.compare(sentence.size() - earlier.size(), earlier.size(), earlier) == 0;
    });
  };
  // `where` is a function: most texts are clean, and naming a place costs a clock lookup.
  const auto review = [&](const std::string& text, const auto& where, bool quoted) {
    for (auto& finding : review_blame(text)) {
      if (listed.count(finding.sentence) || (quoted && quotes_filed(finding.sentence))) continue;
      data row;
      row.set("finding_sentence", finding.sentence);
      row.set("finding_where", where());
      row.set("finding_suggestion", finding.suggestion);
      findings.push_back(row);
      if (!quoted) filed.push_back(finding.sentence);
      listed.insert(std::move(finding.sentence));
    }
  };

  const Incident& incident = input.incident;
  review(
      incident.summary, [] { return std::string("summary"); }, false);
  review(
      incident.cause, [] { return std::string("root cause"); }, false);
  for (std::size_t i = 0; i < incident.whys.size(); ++i)
    review(
        incident.whys[i], [i] { return "why " + std::to_string(i + 1); }, false);
  for (const auto& text : incident.affected)
    review(
        text, [] { return std::string("impact"); }, false);
  for (const auto& entry : input.timeline)
    review(
        entry.text, [&] { return "timeline, " + clock.when(entry.at); }, false);
  for (const auto* line : transcript_in_order(input))
    review(
        line->text, [&] { return "transcript, " + clock.when_seconds(line->at); }, true);

  if (listed.empty()) return;
  view["review"]["review_findings"] = std::move(findings);
}

// One block of text, not a list: each line is built here anyway, and ten
// thousand list items cost the template engine far more than one string.
void add_transcript(const DraftInput& input, const DraftClock& clock, data& view) {
  const auto lines = transcript_in_order(input);
  if (lines.empty()) return;
  // Once the incident spans more than one day every line carries its date,
  // so no two lines read alike across midnight.
  std::vector<Instant> times;
  times.reserve(lines.size());
  for (const auto* line : lines) times.push_back(line->at);
  const bool dated = !clock.all_on_draft_date(times);
  std::vector<std::string_view> texts;
  texts.reserve(lines.size());
  std::size_t size = 0;
  for (const auto* line : lines) {
    texts.emplace_back(line->text);
    size += line->text.size() + 40;
  }

  std::string block;
  block.reserve(size);
  for (const auto* line : lines) {
    if (!block.empty()) block += '\n';
    block += clock.when_seconds(line->at, dated);
    block += ' ';
    block += author_name(input, *line);
    block += ": ";
    block += transcript_text(line->text);
    if (line->edited_at) block += " (edited)";
  }
  data& transcript = view["transcript"];
  transcript.set("transcript_fence", draft_text::code_fence_for(texts));
  transcript.set("transcript_text", block);
}

}  // namespace scribe::core::draft_view
