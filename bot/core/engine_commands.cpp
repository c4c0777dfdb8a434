// The `/incident` command handlers of IncidentEngine.
#include <algorithm>
#include <stdexcept>
#include <functional>

#include "bot/core/action_items.hpp"
#include "bot/core/channel_name.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/engine_turn.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

std::string severity_text(const std::optional<Severity>& s) {
  return s ? std::string(to_string(*s)) : "no severity";
}

std::string minutes_text(const std::optional<Span>& span) {
  if (!span) return "n/a";
  return std::to_string(span->minutes()) + " min";
}

// The figures `close` announces. Each is a number, "not marked", or "left out"
// when the milestones it needs are in an order that cannot be; the problems
// themselves are named after them, so no figure stands beside a warning that
// contradicts it.
std::string close_figures_text(const PostmortemFigures& f,
                               const std::map<Milestone, Instant>& marked,
                               const std::function<std::string(Instant)>& when) {
  const auto figure = [&](const std::optional<Span>& span, const std::vector<Milestone>& needs) {
    if (span) return minutes_text(span);
    for (const Milestone m : needs)
      if (!marked.contains(m)) return std::string("not marked");
    return std::string("left out");
  };
  std::string gap;
  if (f.detected_before_impact)
    gap = "0 min (detected " + minutes_text(f.detected_before_impact) + " before customer impact)";
  else
    gap = figure(f.detection_gap, {Milestone::impact, Milestone::detected});
  const std::vector<Milestone> duration_needs =
      f.duration_from_declared ? std::vector<Milestone>{Milestone::resolved}
                               : std::vector<Milestone>{Milestone::detected, Milestone::resolved};
  std::string text = "Duration " + figure(f.duration, duration_needs) + " \xC2\xB7 customer impact " +
                     figure(f.customer_impact, {Milestone::impact, Milestone::resolved}) +
                     " \xC2\xB7 detection gap " + gap + ".";
  if (!f.order_problems.empty()) {
    text += " The milestone order looks wrong, so the figures that depend on it are left out: ";
    for (std::size_t i = 0; i < f.order_problems.size(); ++i)
      text += (i ? "; " : "") + describe(f.order_problems[i], when);
    text += ". Fix it with `/incident retime T-n <time>` or `/incident strike T-n`.";
  }
  return text;
}

}  // namespace

std::string IncidentEngine::declared_headline(const Incident& inc) const {
  const std::string url = incident_page_url(options_.web_base_url, inc.number);
  return "\xF0\x9F\x9A\xA8 " + incident_ref(inc.number) + " declared: " + inc.title + " \xC2\xB7 " +
         severity_text(inc.severity) + " \xC2\xB7 lead " + display(inc.lead) +
         (url.empty() ? "" : " \xC2\xB7 " + url);
}

OpenChannel IncidentEngine::open_channel_for(const Incident& inc) const {
  // An incident an alert declared has nobody to invite yet.
  std::vector<std::string> invite;
  if (!inc.declared_by.empty()) invite.push_back(inc.declared_by);
  if (!inc.lead.empty() && inc.lead != inc.declared_by) invite.push_back(inc.lead);
  return OpenChannel{inc.number, inc.channel_name, invite,
                     declared_headline(inc) +
                         ". Everything said in this channel is recorded until `/incident close`. "
                         "`/incident help` lists the commands."};
}

std::vector<Outbound> IncidentEngine::channels_never_opened(const std::string& platform) {
  std::vector<Outbound> out;
  if (options_.in_place_platforms.contains(platform)) return out;
  for (const Incident& inc : store_.incidents().list(false))
    if (inc.platform == platform && inc.channel.empty()) out.push_back(open_channel_for(inc));
  return out;
}

void IncidentEngine::record_declaration(Incident& inc, const std::string& by,
                                        const std::string& signal) {
  inc.channel_name = incident_channel_name(
      compact_date(inc.declared_at, options_.zone), inc.title,
      [&](const std::string& n) { return store_.incidents().channel_name_taken(n); });
  if (options_.in_place_platforms.contains(inc.platform)) inc.channel = inc.origin_channel;
  inc.number = store_.incidents().create(inc);

  TimelineEntry declared;
  declared.incident = inc.number;
  declared.kind = EntryKind::declared;
  declared.at = inc.declared_at;
  declared.recorded_at = inc.declared_at;
  declared.author = inc.declared_by;
  declared.signal = signal;
  declared.text = "Incident declared by " + by + ": " + inc.title + " (" +
                  severity_text(inc.severity) + ")";
  declared.severity = inc.severity;
  store_.timeline().add(declared);
}

void IncidentEngine::cmd_start(Turn& turn, const commands::Start& c) {
  const Inbound& e = turn.event;
  const bool in_place = options_.in_place_platforms.contains(e.platform);
  if (in_place) {
    if (auto open = store_.incidents().find_active_in_channel(e.platform, e.channel)) {
      return turn.reply(incident_ref(open->number) + " is still open in this channel (" +
                        open->title + "). Close it first, or declare from another channel.");
    }
  }
  Incident inc;
  inc.title = c.title;
  inc.severity = c.severity;
  inc.platform = e.platform;
  inc.origin_channel = e.channel;
  inc.declared_by = e.author;
  inc.lead = e.author;  // the declarer leads until someone else takes over
  inc.declared_at = e.at;
  record_declaration(inc, display(e.author), "");

  const std::string headline = declared_headline(inc);
  if (in_place) {
    // The declaration itself was said in the incident's channel: it opens the transcript.
    store_.transcript().add(transcript_line_of(e, inc.number));
    turn.say(headline + ". Everything said here is recorded until `/incident close`.", {inc.lead});
    return;
  }
  turn.effects.push_back(open_channel_for(inc));
  turn.say(headline + " \xE2\x86\x92 #" + inc.channel_name, {inc.lead});
}

namespace {

// An entry of the speaker's, at the time they typed (or now).
TimelineEntry entry_from(const Inbound& e, const Incident& inc, std::optional<Instant> at,
                         EntryKind kind, std::string text) {
  TimelineEntry entry;
  entry.incident = inc.number;
  entry.at = at.value_or(e.at);
  entry.recorded_at = e.at;
  entry.author = e.author;
  entry.kind = kind;
  entry.text = std::move(text);
  return entry;
}

}  // namespace

void IncidentEngine::cmd_note(Turn& turn, Incident& inc, const Command& c,
                              const commands::Note& note) {
  add_timeline_entry(turn, inc, c,
                     entry_from(turn.event, inc, note.at(), EntryKind::note, note.text), "Noted");
}

void IncidentEngine::cmd_mark(Turn& turn, Incident& inc, const Command& c,
                              const commands::Mark& mark) {
  const std::string label(milestone_label(mark.milestone));
  TimelineEntry entry = entry_from(turn.event, inc, mark.at(), EntryKind::milestone,
                                   mark.text.empty() ? label : mark.text);
  entry.milestone = mark.milestone;
  // A closed incident stays closed: this corrects its record.
  if (mark.milestone == Milestone::resolved && inc.status == IncidentStatus::open)
    inc.status = IncidentStatus::resolved;
  add_timeline_entry(turn, inc, c, std::move(entry), label);
}

void IncidentEngine::cmd_severity(Turn& turn, Incident& inc, const Command& c,
                                  const commands::SetSeverity& s) {
  if (inc.severity == s.severity)
    return turn.reply(incident_ref(inc.number) + " is already " + severity_text(s.severity) + ".");
  TimelineEntry entry = entry_from(
      turn.event, inc, std::nullopt, EntryKind::severity,
      "Severity changed from " + severity_text(inc.severity) + " to " + severity_text(s.severity));
  entry.severity = s.severity;
  inc.severity = s.severity;
  add_timeline_entry(turn, inc, c, std::move(entry), "Severity");
}

void IncidentEngine::cmd_lead(Turn& turn, Incident& inc, const Command& c,
                              const commands::SetLead& lead) {
  if (inc.lead == lead.user)
    return turn.reply(lead.user.empty() ? "Nobody leads " + incident_ref(inc.number) + "."
                                        : display(lead.user) + " already leads " +
                                              incident_ref(inc.number) + ".");
  // `lead none` leaves the incident without a lead; the follow-up nudges the
  // channel until someone takes it.
  const std::string text = lead.user.empty()
                               ? display(inc.lead) + " stepped down as lead"
                               : display(lead.user) + " took over as lead" +
                                     (inc.lead.empty() ? "" : " from " + display(inc.lead));
  inc.lead = lead.user;
  add_timeline_entry(turn, inc, c, entry_from(turn.event, inc, std::nullopt, EntryKind::lead, text),
                     "Lead",
                     lead.user.empty() ? std::vector<std::string>{}
                                       : std::vector<std::string>{lead.user});
}

void IncidentEngine::cmd_title(Turn& turn, Incident& inc, const Command& c,
                               const commands::SetTitle& title) {
  const std::string text = "Title changed from \"" + inc.title + "\" to \"" + title.text + "\"";
  inc.title = title.text;
  add_timeline_entry(turn, inc, c,
                     entry_from(turn.event, inc, std::nullopt, EntryKind::title, text), "Title");
}

void IncidentEngine::add_timeline_entry(Turn& turn, Incident& inc, const Command& c,
                                        TimelineEntry entry, const std::string& confirmation,
                                        std::vector<std::string> mentions) {
  entry.id = store_.timeline().add(entry);
  store_.incidents().update(inc);
  std::string said = confirmation + " (T-" + std::to_string(entry.id) + ") at " +
                     format_date_time(entry.at, options_.zone);
  if (entry.text != confirmation) said += ": " + entry.text;
  if (inc.status == IncidentStatus::closed) record_correction(turn, inc, said);
  std::string text = (c.incident ? incident_ref(inc.number) + ": " : "") + said;
  // Whoever typed a time sees how it was read, in their own zone.
  if (const auto& typed = c.typed_time())
    text += ". " + describe_reading(*typed, turn.event.at, turn.zone) + ".";
  turn.say(text, std::move(mentions));
}

void IncidentEngine::set_field(Turn& turn, Incident& inc, const std::string& said,
                               const std::string& correction) {
  turn.say(said);
  if (inc.status == IncidentStatus::closed) record_correction(turn, inc, correction);
  store_.incidents().update(inc);
}

void IncidentEngine::cmd_snooze(Turn& turn, Incident& inc, const commands::Snooze& snooze) {
  inc.snoozed_until = turn.event.at + snooze.duration;
  turn.say("Update reminders for " + incident_ref(inc.number) + " snoozed until " +
           format_date_time(*inc.snoozed_until, options_.zone) + ".");
  store_.incidents().update(inc);
}

void IncidentEngine::cmd_action(Turn& turn, Incident& inc, const commands::Action& c) {
  ActionItem item{.incident = inc.number,
                  .owner = c.owner,
                  .description = c.text,
                  .due = c.due,
                  .created_at = turn.event.at,
                  .created_by = turn.event.author,
                  .done_at = std::nullopt,
                  .done_by = {},
                  .suggested = false,
                  .tracker = {}};
  const TrackerTarget& tracker = options_.tracker;
  const bool export_now = tracker.configured() && tracker.when == ExportWhen::on_create;
  if (export_now) item.tracker.state = TrackerLink::State::requested;
  item.number = store_.actions().add(item);
  turn.say(action_ref(item.number) + " for " + display(item.owner) + ": " + item.description +
               " \xE2\x80\x94 " + (item.due ? "due " + format_date(*item.due) : "no due date") +
               (export_now ? " \xC2\xB7 going to " + tracker.label() : ""),
           {item.owner});
}

void IncidentEngine::cmd_done(Turn& turn, const commands::Done& c) {
  auto item = store_.actions().find(c.item);
  if (!item) return turn.reply("There is no action item " + action_ref(c.item) + ".");
  if (item->done_at)
    return turn.reply(action_ref(item->number) + " was already done on " +
                      format_date_time(*item->done_at, options_.zone) + " by " +
                      display(item->done_by) + ".");
  item->done_at = turn.event.at;
  item->done_by = turn.event.author;
  store_.actions().update(*item);
  const bool tracked = item->tracker.state == TrackerLink::State::linked && !item->tracker.closed;
  turn.say("\xE2\x9C\x85 " + action_ref(item->number) + " done (" + incident_ref(item->incident) +
           ", " + display(item->owner) + "): " + item->description +
           (tracked ? " \xC2\xB7 closing " + item->tracker.key + " in " + options_.tracker.label()
                    : ""));
}

void IncidentEngine::cmd_actions(Turn& turn, const std::optional<Incident>& inc,
                                 const commands::Actions& c) {
  const Instant now = turn.event.at;
  std::vector<ActionItem> items;
  if (inc && (c.filter == ActionsFilter::incident || c.filter == ActionsFilter::all))
    items = store_.actions().list_for_incident(inc->number);
  else
    items = store_.actions().list_all(c.filter == ActionsFilter::all);
  auto late = [&](const ActionItem& a) { return is_overdue(a, now, zone_of(a.owner, "")); };
  std::erase_if(items, [&](const ActionItem& a) {
    if (c.filter == ActionsFilter::mine) return a.owner != turn.event.author;
    if (c.filter == ActionsFilter::overdue) return !late(a);
    return false;
  });
  if (items.empty()) return turn.reply("No action items match.");
  std::string text = "Action items:";
  for (const auto& a : items) text += "\n" + describe_action(a, now, zone_of(a.owner, ""));
  turn.reply(text);
}

void IncidentEngine::cmd_timeline(Turn& turn, const Incident& inc) {
  std::string text = "Timeline of " + incident_ref(inc.number) + " (" + inc.title + "), " +
                     zone_abbreviation(turn.event.at, options_.zone) + ":";
  int struck = 0;
  for (const auto& entry : store_.timeline().list(inc.number)) {
    if (entry.kind == EntryKind::correction) continue;
    if (entry.struck_at) {
      ++struck;
      continue;
    }
    text += "\nT-" + std::to_string(entry.id) + " \xC2\xB7 " +
            format_date_time(entry.at, options_.zone) + " \xE2\x80\x94 ";
    if (entry.milestone) text += "[" + std::string(to_string(*entry.milestone)) + "] ";
    text += entry.text;
    if (!entry.signal.empty()) text += " (by " + entry.signal + ")";
  }
  if (struck > 0) text += "\n(" + std::to_string(struck) + " struck, kept in the history)";
  text += "\nCorrect an entry with `/incident edit T-n <text>`, `retime T-n <time>` or "
          "`strike T-n`.";
  turn.reply(text);
}

void IncidentEngine::cmd_close(Turn& turn, Incident& inc) {
  const Inbound& e = turn.event;
  std::string resolved_note;
  auto timeline = store_.timeline().list(inc.number);
  if (!effective_milestones(timeline).contains(Milestone::resolved)) {
    // Teams type close and walk away: the close is the latest the incident
    // can have been resolved, so it stands in and says so.
    TimelineEntry resolved;
    resolved.incident = inc.number;
    resolved.kind = EntryKind::milestone;
    resolved.milestone = Milestone::resolved;
    resolved.at = e.at;
    resolved.recorded_at = e.at;
    resolved.author = e.author;
    resolved.text = "Resolved at the close (no resolved time was given)";
    resolved.id = store_.timeline().add(resolved);
    timeline.push_back(resolved);
    resolved_note = " No resolved time was given, so it is resolved at the close, " +
                    format_date_time(e.at, options_.zone) + " (T-" + std::to_string(resolved.id) +
                    "); correct it with `/incident resolved " + incident_ref(inc.number) +
                    " <time>`.";
  }
  inc.status = IncidentStatus::closed;
  if (!inc.closed_at) inc.closed_at = e.at;  // the first close; a reopened incident keeps it
  store_.incidents().update(inc);
  if (options_.tracker.configured() && options_.tracker.when == ExportWhen::on_close)
    for (auto& item : store_.actions().list_for_incident(inc.number))
      if (request_export(item)) store_.actions().update(item);
  const PostmortemFigures f = compute_figures(inc, timeline);
  const std::string summary =
      incident_ref(inc.number) + " closed." + resolved_note + " " +
      close_figures_text(f, effective_milestones(timeline),
                         [this](Instant t) { return format_date_time(t, options_.zone); });
  try {
    const std::string note = summary + " " + close_requirement_sentence(inc, f) +
                             " The postmortem draft is attached; fill in what it asks for.";
    publish_draft(turn.effects, inc, e.at, note);
    if (inc.channel.empty()) turn.say(note);
  } catch (const TemplateError& err) {
    turn.say(summary + " The draft could not be written: " + std::string(err.what()) +
             ". Fix the template and run `/incident draft " + incident_ref(inc.number) + "`.");
  }
}

void IncidentEngine::cmd_list(Turn& turn) {
  // Where to go to work on it: the channel it lives in. On platforms without
  // channels of their own (the console) that is where it was declared.
  const auto where = [this](const Incident& inc) {
    if (options_.in_place_platforms.contains(inc.platform) && !inc.channel.empty())
      return "in " + inc.channel;
    return "#" + inc.channel_name;
  };
  const auto open = store_.incidents().list(false);
  if (open.empty()) return turn.reply("No open incidents.");
  std::string text = "Open incidents:";
  for (const auto& inc : open) {
    text += "\n" + incident_ref(inc.number) + " \xC2\xB7 " + severity_text(inc.severity) +
            " \xC2\xB7 " + std::string(to_string(inc.status)) + " \xC2\xB7 " + inc.title +
            " \xC2\xB7 " + where(inc) + " \xC2\xB7 lead " + display(inc.lead) +
            " \xC2\xB7 declared " + format_date_time(inc.declared_at, options_.zone);
  }
  turn.reply(text);
}

void IncidentEngine::cmd_draft(Turn& turn, const std::optional<Incident>& inc) {
  if (!inc) {
    if (turn.answered) return;
    return turn.reply(std::string(kNoIncidentHere));
  }
  try {
    publish_draft(turn.effects, *inc, turn.event.at, "");
  } catch (const TemplateError& err) {
    turn.reply("The draft could not be written: " + std::string(err.what()));
  }
}

}  // namespace scribe::core
