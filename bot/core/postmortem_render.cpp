// Renders the postmortem draft through a Mustache template.
//
// The template receives (double braces: user text, escaped for Markdown; triple
// braces: text built here):
//   number title version date status severity? lead? authors zone zone_abbreviation web_url?
//   reviewers[reviewer reviewer_last]
//   duration{length basis} | duration_unresolved | duration_order_wrong
//   order_problems_any order_problems[problem]
//   summary? cause? affected[affected_text] whys[why_number why_text]
//   impact{length range} | impact_ongoing | impact_order_wrong | impact_unmarked
//   timeline[entry_when entry_label? entry_text? entry_superseded? entry_author? entry_signal?]
//   timeline_picture? (the SVG's file name beside the draft, when there is a timeline)
//   detected{detected_when detected_by? detected_how?}
//   detection_gap{length range} | detection_early{lead range} | detection_gap_order_wrong |
//   detection_gap_unmarked
//   detection_gap_over_target ("2-minute")
//   response{response_figures[figure_label figure_length? figure_range?
//            figure_unmarked? figure_order_wrong?]}
//   actions[action_box action_owner action_description action_due action_ref?
//           action_tracker? action_tracker_url? action_suggested? action_proposed?]
//   participants[participant]
//   corrections_any corrections[correction_when correction_author correction_text]
//   (changes made after the close)
//   review{review_findings[finding_sentence finding_where finding_suggestion]}
//   transcript{transcript_fence transcript_text}  (one line per message)
// A key whose value is unknown is left out, so {{^key}} can carry a prompt.
#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>

#include "bot/core/postmortem.hpp"
#include "bot/core/postmortem_text.hpp"
#include "bot/core/postmortem_view.hpp"
#include "bot/core/time.hpp"
#include "bot/core/timeline_svg.hpp"

namespace scribe::core {
namespace {

namespace mustache = kainjow::mustache;
using draft_text::DraftClock;
using draft_text::escape_markdown;
using mustache::data;

constexpr std::string_view kTemplateName = "postmortem.md.mustache";

// Every name the draft's view sets (the list at the top of this file): a tag
// a template uses that is not here renders as nothing, so a typo'd {{titel}}
// is refused by check-config instead of silently leaving the title out.
constexpr std::string_view kDraftNames[] = {
    "number", "title", "version", "date", "status", "severity", "lead", "authors", "zone",
    "zone_abbreviation", "zone_note", "reviewers", "reviewer", "reviewer_last", "duration",
    "length", "basis", "duration_unresolved", "duration_order_wrong", "order_problems_any",
    "order_problems", "problem", "summary", "cause", "affected", "affected_text", "whys",
    "why_number", "why_text", "impact", "range", "impact_ongoing", "impact_order_wrong",
    "impact_unmarked", "timeline", "entry_when", "entry_label", "entry_text", "entry_superseded",
    "entry_author", "entry_signal", "timeline_picture", "web_url", "detected", "detected_when", "detected_by", "detected_how", "detection_gap",
    "detection_early", "detection_gap_order_wrong", "detection_gap_unmarked",
    "detection_gap_over_target", "detection_suggested", "response", "response_figures",
    "figure_label", "figure_length", "figure_range", "figure_unmarked", "figure_order_wrong",
    "actions", "action_box", "action_owner", "action_description", "action_due", "action_ref", "action_tracker", "action_tracker_url",
    "action_suggested", "action_proposed", "participants", "participant", "review",
    "review_findings", "finding_sentence", "finding_where", "finding_suggestion", "transcript",
    "transcript_fence", "transcript_text", "corrections_any", "corrections", "correction_when",
    "correction_author", "correction_text"};

// "line 3: {{titel}}" for each tag naming nothing the draft sets. Comments,
// partials and the implicit iterator are not names; a template that changes
// its delimiters is left to the renderer.
std::vector<std::string> unknown_tags(const std::string& text) {
  std::vector<std::string> unknown;
  std::size_t line = 1;
  std::size_t counted = 0;
  for (std::size_t at = text.find("{{"); at != std::string::npos; at = text.find("{{", at + 2)) {
    const std::size_t close = text.find("}}", at + 2);
    if (close == std::string::npos) break;
    std::string_view tag(text.data() + at + 2, close - at - 2);
    if (!tag.empty() && tag.front() == '{') tag.remove_prefix(1);
    if (!tag.empty() && std::string_view("!>").find(tag.front()) != std::string_view::npos)
      continue;
    if (!tag.empty() && tag.front() == '=') break;
    if (!tag.empty() && std::string_view("#^/&").find(tag.front()) != std::string_view::npos)
      tag.remove_prefix(1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '}')) tag.remove_suffix(1);
    const std::string_view name = tag.substr(0, tag.find('.'));
    if (name.empty() || tag == ".") continue;
    if (std::find(std::begin(kDraftNames), std::end(kDraftNames), name) != std::end(kDraftNames))
      continue;
    line += static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(counted),
                                                text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    counted = at;
    unknown.push_back("line " + std::to_string(line) + ": {{" + std::string(tag) + "}}");
  }
  return unknown;
}

data list() {
  return data{data::type::list};
}

std::string_view entry_label(const TimelineEntry& entry) {
  if (entry.kind == EntryKind::milestone)
    return entry.milestone ? milestone_label(*entry.milestone) : "";
  return entry_kind_label(entry.kind);
}

// Every instant the draft shows, so its clock can tell whether they span a DST change.
std::vector<Instant> shown_instants(const DraftInput& in) {
  std::vector<Instant> out;
  out.reserve(in.timeline.size() + in.transcript.size());
  for (const auto& entry : in.timeline)
    if (entry.counts()) out.push_back(entry.at);
  for (const auto& line : in.transcript) out.push_back(line.at);
  return out;
}

// Everything the sections share: the input, its clock and the computed figures.
struct Draft {
  const DraftInput& input;
  DraftClock clock;
  std::map<Milestone, const TimelineEntry*> entries;
  std::map<Milestone, Instant> milestones;
  PostmortemFigures figures;

  explicit Draft(const DraftInput& in)
      : input(in),
        clock(in.zone, in.incident.declared_at, shown_instants(in)),
        entries(milestone_entries(in.timeline)),
        milestones(effective_milestones(in.timeline)),
        figures(compute_figures(in.incident, in.timeline)) {}

  std::optional<Instant> milestone(Milestone m) const {
    const auto it = milestones.find(m);
    return it == milestones.end() ? std::nullopt : std::optional<Instant>(it->second);
  }

  std::string display_name(const std::string& user) const {
    return draft_text::display_name(input.names, user);
  }
  std::string at_name(const std::string& user) const {
    return draft_text::at_name(input.names, user);
  }

  std::string responsible() const {
    return at_name(input.incident.lead.empty() ? input.incident.declared_by : input.incident.lead);
  }

  // The order problems that involve any of `names` ("impact", "resolved"),
  // joined: why a figure using them is left out.
  std::optional<std::string> problems_about(std::initializer_list<std::string_view> names) const {
    std::string out;
    for (const auto& problem : figures.order_problems) {
      const bool involved = std::any_of(names.begin(), names.end(), [&](std::string_view n) {
        return problem.earlier.name == n || problem.later.name == n;
      });
      if (!involved) continue;
      out += (out.empty() ? "" : "; ") + describe(problem, [this](Instant t) { return clock.when(t); });
    }
    if (out.empty()) return std::nullopt;
    return out;
  }

  data span(const Span& s) const {
    data out;
    out.set("length", draft_text::minutes_text(s.minutes()));
    out.set("range", clock.range(s));
    return out;
  }
};

void add_header(const Draft& d, data& view) {
  const Incident& incident = d.input.incident;
  view.set("number", std::to_string(incident.number));
  view.set("title", incident.title.empty() ? std::string("(untitled)") : incident.title);
  view.set("version", std::to_string(d.input.version));
  view.set("date", d.clock.date());
  if (!d.input.web_url.empty()) view.set("web_url", d.input.web_url);
  view.set("status", std::string(to_string(incident.status)));
  if (incident.severity) view.set("severity", std::string(to_string(*incident.severity)));
  if (!incident.lead.empty()) view.set("lead", d.at_name(incident.lead));
  view.set("authors", d.responsible());
  view.set("zone", d.clock.zone());
  view.set("zone_abbreviation", zone_abbreviation(incident.declared_at, d.clock.zone()));
  view.set("zone_note", d.clock.zone_note());

  data reviewers = list();
  for (std::size_t i = 0; i < incident.reviewers.size(); ++i) {
    data reviewer;
    reviewer.set("reviewer", d.at_name(incident.reviewers[i]));
    reviewer.set("reviewer_last", i + 1 == incident.reviewers.size());
    reviewers.push_back(reviewer);
  }
  if (!incident.reviewers.empty()) view["reviewers"] = std::move(reviewers);

  if (d.figures.duration) {
    data duration;
    duration.set("length", draft_text::hours_minutes(d.figures.duration->minutes()));
    duration.set("basis", d.figures.duration_from_declared ? "declaration to resolution"
                                                           : "detection to resolution");
    view.set("duration", duration);
  } else if (!d.milestone(Milestone::resolved)) {
    view.set("duration_unresolved", true);
  } else {
    view.set("duration_order_wrong", true);
  }

  data problem_list = list();
  for (const auto& problem : d.figures.order_problems)
    problem_list.push_back(
        data{"problem", describe(problem, [&](Instant t) { return d.clock.when(t); })});
  if (!d.figures.order_problems.empty()) {
    view.set("order_problems_any", true);
    view["order_problems"] = std::move(problem_list);
  }
}

void add_impact(const Draft& d, data& view) {
  const auto impact = d.milestone(Milestone::impact);
  if (d.figures.customer_impact) {
    view.set("impact", d.span(*d.figures.customer_impact));
  } else if (!impact) {
    view.set("impact_unmarked", true);
  } else if (!d.milestone(Milestone::resolved)) {
    view.set("impact_ongoing", d.clock.when(*impact));
  } else {
    view.set("impact_order_wrong", d.problems_about({"impact", "resolved"}).value_or(""));
  }
  data affected = list();
  for (const auto& text : d.input.incident.affected)
    affected.push_back(data{"affected_text", text});
  if (!d.input.incident.affected.empty()) view["affected"] = std::move(affected);
}

void add_timeline(const Draft& d, data& view) {
  std::vector<const TimelineEntry*> entries;
  for (const auto& entry : d.input.timeline)
    if (entry.counts()) entries.push_back(&entry);
  std::stable_sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) {
    return std::tie(a->at, a->recorded_at, a->id) < std::tie(b->at, b->recorded_at, b->id);
  });
  // The entry said last for each milestone is the one the figures use.
  std::map<Milestone, std::tuple<Instant, std::int64_t>> latest;
  for (const auto* entry : entries) {
    if (entry->kind != EntryKind::milestone || !entry->milestone) continue;
    auto key = std::tie(entry->recorded_at, entry->id);
    auto [it, inserted] = latest.emplace(*entry->milestone, key);
    if (!inserted && key > it->second) it->second = key;
  }

  data timeline = list();
  for (const auto* entry : entries) {
    data item;
    item.set("entry_when", d.clock.when(entry->at));
    if (const auto label = entry_label(*entry); !label.empty())
      item.set("entry_label", std::string(label));
    // "**Acknowledged**: Acknowledged" says nothing twice.
    if (!entry->text.empty() && entry->text != entry_label(*entry))
      item.set("entry_text", entry->text);
    if (!entry->author.empty()) item.set("entry_author", d.at_name(entry->author));
    if (!entry->signal.empty()) item.set("entry_signal", entry->signal);
    if (entry->kind == EntryKind::milestone && entry->milestone &&
        std::tie(entry->recorded_at, entry->id) < latest[*entry->milestone])
      item.set("entry_superseded", true);
    timeline.push_back(item);
  }
  if (!entries.empty()) {
    view["timeline"] = std::move(timeline);
    view.set("timeline_picture", timeline_file_name(d.input.incident.number));
  }
}

void add_cause(const Draft& d, data& view) {
  const Incident& incident = d.input.incident;
  if (!incident.summary.empty()) view.set("summary", incident.summary);
  if (!incident.cause.empty()) view.set("cause", incident.cause);
  data whys = list();
  for (std::size_t i = 0; i < incident.whys.size(); ++i) {
    data why;
    why.set("why_number", std::to_string(i + 1));
    why.set("why_text", incident.whys[i]);
    whys.push_back(why);
  }
  if (!incident.whys.empty()) view["whys"] = std::move(whys);
}

void add_detection(const Draft& d, data& view) {
  const auto detected = d.milestone(Milestone::detected);
  if (detected) {
    data how;
    how.set("detected_when", d.clock.when(*detected));
    // The detected entry that counts is the latest said; its text says how.
    const TimelineEntry* source = nullptr;
    if (const auto it = d.entries.find(Milestone::detected); it != d.entries.end())
      source = it->second;
    if (source && !source->text.empty()) how.set("detected_how", source->text);
    // A monitor that noticed is named; a person's own words say how they did.
    if (source && !source->signal.empty()) how.set("detected_by", source->signal);
    view.set("detected", how);
  }

  const auto& gap = d.figures.detection_gap;
  const auto impact = d.milestone(Milestone::impact);
  if (gap) {
    view.set("detection_gap", d.span(*gap));
    if (gap->minutes() > d.input.detection_target_minutes)
      view.set("detection_gap_over_target",
               std::to_string(d.input.detection_target_minutes) + "-minute");
  } else if (const auto& lead = d.figures.detected_before_impact) {
    // The best case: detection before customers noticed. Good news, not a warning.
    data early = d.span(*lead);
    early.set("lead", draft_text::minutes_text(lead->minutes()));
    view.set("detection_early", early);
  } else if (impact && detected) {
    view.set("detection_gap_order_wrong", d.problems_about({"impact", "detected"}).value_or(""));
  } else {
    view.set("detection_gap_unmarked", true);
  }
}

void add_response(const Draft& d, data& view) {
  const auto detected = d.milestone(Milestone::detected);
  if (!detected) return;
  const std::tuple<std::string_view, Milestone, const std::optional<Span>*> rows[] = {
      {"Time to acknowledge", Milestone::acknowledged, &d.figures.time_to_acknowledge},
      {"Time to identify", Milestone::identified, &d.figures.time_to_identify},
      {"Time to mitigate", Milestone::mitigated, &d.figures.time_to_mitigate}};
  data figures = list();
  for (const auto& [label, milestone, span] : rows) {
    data row;
    row.set("figure_label", std::string(label));
    if (*span) {
      row.set("figure_length", draft_text::minutes_text((*span)->minutes()));
      row.set("figure_range", d.clock.range(**span));
    } else if (d.milestone(milestone)) {
      row.set("figure_order_wrong",
              d.problems_about({"detected", to_string(milestone)}).value_or(""));
    } else {
      row.set("figure_unmarked", std::string(to_string(milestone)));
    }
    figures.push_back(row);
  }
  view.set("response", data{"response_figures", figures});
}

// Changes made to the record after the close: who, when, what. A review that
// corrected the figures should be able to see that it did, and how.
void add_corrections(const Draft& d, data& view) {
  const auto& closed = d.input.incident.closed_at;
  if (!closed) return;
  data corrections = list();
  for (const auto& entry : d.input.timeline) {
    if (entry.kind != EntryKind::correction || entry.recorded_at < *closed) continue;
    data row;
    row.set("correction_when", format_date_time(entry.recorded_at, d.clock.zone()));
    row.set("correction_author", d.at_name(entry.author));
    row.set("correction_text", entry.text);
    corrections.push_back(row);
  }
  if (corrections.is_empty_list()) return;
  view.set("corrections_any", true);
  view["corrections"] = std::move(corrections);
}

}  // namespace

void validate_template(const std::string& name, const std::string& template_text) {
  const mustache::mustache parsed{template_text};
  if (!parsed.is_valid()) throw TemplateError(name + ": " + parsed.error_message());
  // `name` may be the override's path: its file name says which template it is.
  if (!name.ends_with(kTemplateName)) return;
  const auto unknown = unknown_tags(template_text);
  if (unknown.empty()) return;
  std::string list;
  for (const auto& tag : unknown) list += (list.empty() ? "" : ", ") + tag;
  throw TemplateError(name + ": " + std::to_string(unknown.size()) +
                      (unknown.size() == 1 ? " tag names" : " tags name") +
                      " nothing the draft has (" + list +
                      "); the names are listed in bot/core/postmortem_render.cpp");
}

std::string render_postmortem(const std::string& template_text, const DraftInput& input) {
  mustache::mustache tmpl{template_text};
  if (!tmpl.is_valid())
    throw TemplateError(std::string(kTemplateName) + ": " + tmpl.error_message());
  tmpl.set_custom_escape(escape_markdown);

  const Draft draft{input};
  data view;
  add_header(draft, view);
  add_impact(draft, view);
  add_timeline(draft, view);
  add_cause(draft, view);
  add_detection(draft, view);
  add_response(draft, view);
  add_corrections(draft, view);
  draft_view::add_actions(input, draft.figures, draft.clock, draft.responsible(), view);
  draft_view::add_participants(input, view);
  draft_view::add_review(input, draft.clock, view);
  draft_view::add_transcript(input, draft.clock, view);

  const std::string markdown = tmpl.render(view);
  if (!tmpl.is_valid())
    throw TemplateError(std::string(kTemplateName) + ": " + tmpl.error_message());
  return draft_text::tidy_blank_lines(markdown);
}

}  // namespace scribe::core
