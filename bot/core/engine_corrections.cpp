// Corrections: reaching any incident by `INC-n`, changing timeline entries by
// their `T-n`, reopening, and the history a review can read afterwards. A
// change to a closed incident writes its draft again.
#include <stdexcept>

#include "bot/core/engine.hpp"
#include "bot/core/engine_turn.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

// Older than this before the declaration, a typed time is a mistyped date
// (a year off, a month off), not a slow start.
constexpr Millis kBackdateLimit = std::chrono::days{30};

std::string quoted(const std::string& text) {
  return "\"" + text + "\"";
}

}  // namespace

std::optional<Incident> IncidentEngine::target_incident(Turn& turn, const Command& c) {
  if (c.incident) {
    auto inc = store_.incidents().find(*c.incident);
    if (!inc) {
      turn.reply("There is no incident " + incident_ref(*c.incident) + ".");
      turn.answered = true;
    }
    return inc;
  }
  // Entry ids are unique across incidents: `retime T-9 …` names its incident.
  if (const auto id = c.entry()) {
    if (const auto entry = store_.timeline().find(*id))
      return store_.incidents().find(entry->incident);
  }
  return incident_for_command(turn);
}

bool IncidentEngine::backdating_allowed(Turn& turn, const Incident& inc, const Command& c) {
  const auto& typed = c.typed_time();
  if (!typed || typed->at >= inc.declared_at - kBackdateLimit) return true;
  turn.reply(quoted(typed->typed) + " is " + format_date_time(typed->at, turn.zone) +
             ", more than 30 days before " + incident_ref(inc.number) + " was declared (" +
             format_date_time(inc.declared_at, turn.zone) + "). Check the date. Usage: " +
             usage(c.kind()));
  return false;
}

void IncidentEngine::record_correction(Turn& turn, const Incident& inc, const std::string& text) {
  TimelineEntry correction;
  correction.incident = inc.number;
  correction.kind = EntryKind::correction;
  correction.at = turn.event.at;
  correction.recorded_at = turn.event.at;
  correction.author = turn.event.author;
  correction.text = text;
  store_.timeline().add(correction);
  if (inc.status == IncidentStatus::closed) turn.corrected = true;
}

void IncidentEngine::redraft_after_correction(Turn& turn, const Incident& inc) {
  const auto latest = store_.drafts().latest(inc.number);
  const std::string version = std::to_string(latest ? latest->version + 1 : 1);
  try {
    const std::string comment = "Draft v" + version + " of " + incident_ref(inc.number) +
                                ", with the correction by " + display(turn.event.author) + ".";
    publish_draft(turn.effects, inc, turn.event.at, comment);
    // Said where the correction was made too: the incident's channel may be
    // archived, and whoever corrected it should see the new version exists.
    if (inc.channel != turn.event.channel)
      turn.say(comment + " `/incident draft " + incident_ref(inc.number) + "` posts it again.");
  } catch (const TemplateError& err) {
    turn.reply("The correction is kept, but the draft could not be written: " +
               std::string(err.what()));
  }
}

void IncidentEngine::cmd_entry_change(Turn& turn, Incident& inc, const Command& c) {
  const std::string ref = entry_ref(*c.entry());
  auto entry = store_.timeline().find(*c.entry());
  if (!entry || entry->kind == EntryKind::correction)
    return turn.reply("There is no timeline entry " + ref + ". `/incident timeline " +
                      incident_ref(inc.number) + "` lists them.");
  if (entry->incident != inc.number)
    return turn.reply(ref + " belongs to " + incident_ref(entry->incident) + ", not " +
                      incident_ref(inc.number) + ".");
  if (entry->struck_at)
    return turn.reply(ref + " was struck on " + format_date_time(*entry->struck_at, options_.zone) +
                      " by " + display(entry->struck_by) + ".");
  if (entry->kind == EntryKind::declared)
    return turn.reply(ref + " is the declaration itself and stays as it is; correct the "
                      "milestones instead (`/incident started <time>`), or the title with "
                      "`/incident title`.");
  if (!backdating_allowed(turn, inc, c)) return;

  const std::string label =
      entry->milestone ? std::string(to_string(*entry->milestone)) : std::string(to_string(entry->kind));
  std::string change;
  if (const auto* edit = std::get_if<commands::EditEntry>(&c.body)) {
    change = ref + " (" + label + ") edited: " + quoted(entry->text) + " \xE2\x86\x92 " +
             quoted(edit->text);
    entry->text = edit->text;
  } else if (const auto* retime = std::get_if<commands::RetimeEntry>(&c.body)) {
    const Instant to = retime->time->at;
    change = ref + " (" + label + ") retimed from " + format_date_time(entry->at, options_.zone) +
             " to " + format_date_time(to, options_.zone);
    entry->at = to;
  } else if (std::holds_alternative<commands::StrikeEntry>(c.body)) {
    change = ref + " (" + label + ") struck: " + quoted(entry->text);
    entry->struck_at = turn.event.at;
    entry->struck_by = turn.event.author;
  } else {  // run_on_incident routes only edit, retime and strike here
    throw std::logic_error("not an entry correction: " + usage(c.kind()));
  }
  store_.timeline().update(*entry);
  record_correction(turn, inc, change);
  std::string text = incident_ref(inc.number) + ": " + change + ".";
  if (const auto& typed = c.typed_time())
    text += " " + describe_reading(*typed, turn.event.at, turn.zone) + ".";
  turn.say(text);
}

void IncidentEngine::cmd_reopen(Turn& turn, Incident& inc) {
  const std::string ref = incident_ref(inc.number);
  if (inc.status != IncidentStatus::closed) return turn.reply(ref + " is not closed.");
  if (!inc.channel.empty()) {
    if (const auto other = store_.incidents().find_active_in_channel(inc.platform, inc.channel))
      return turn.reply(incident_ref(other->number) + " is open in " + ref +
                        "'s channel; close it before reopening " + ref + ".");
  }
  const bool resolved =
      effective_milestones(store_.timeline().list(inc.number)).contains(Milestone::resolved);
  inc.status = resolved ? IncidentStatus::resolved : IncidentStatus::open;
  store_.incidents().update(inc);
  record_correction(turn, inc, "Reopened");
  std::string text = ref + " reopened by " + display(turn.event.author) + " (" + inc.title +
                     "). Its channel records again until `/incident close`.";
  if (resolved)
    text += " It keeps its resolved time; give `/incident resolved " + ref +
            " <time>` again if it broke again.";
  turn.say(text);
  if (!inc.channel.empty() && inc.channel != turn.event.channel) turn.say_in(inc.channel, text);
}

}  // namespace scribe::core
