// Signals on the timeline: routed by service (or the incident a sender names),
// kept a while when nothing matches, pulled in when an incident is given its
// service. A machine sets `detected` (first alert or page) and `acknowledged`
// only where no milestone of that kind counts yet: what a person said wins.
#include <algorithm>

#include "bot/core/engine.hpp"
#include "bot/core/engine_turn.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

std::optional<Milestone> milestone_of(SignalKind kind) {
  switch (kind) {
    case SignalKind::alert:
    case SignalKind::page:
      return Milestone::detected;
    case SignalKind::acknowledged:
      return Milestone::acknowledged;
    default:
      return std::nullopt;
  }
}

bool shares_a_service(const Incident& inc, const Signal& signal) {
  for (const auto& service : signal.services)
    if (std::find(inc.services.begin(), inc.services.end(), service) != inc.services.end())
      return true;
  return false;
}

// The key an entry keeps of the signal it came from: unique across sources.
std::string signal_ref(const Signal& signal) {
  return signal.source + ":" + signal.key;
}

std::string signal_author(const Signal& signal) {
  const std::string source = source_label(signal.source);
  return signal.name.empty() ? source : source + ": " + signal.name;
}

}  // namespace

std::optional<TimelineEntry> IncidentEngine::put_signal(const Incident& inc, const Signal& signal,
                                                        Instant now) {
  const std::string ref = signal_ref(signal);
  if (store_.timeline().has_signal(inc.number, ref)) return std::nullopt;

  TimelineEntry entry;
  entry.incident = inc.number;
  entry.kind = EntryKind::note;
  entry.at = signal.at;
  entry.recorded_at = now;
  entry.text = signal.text;
  entry.source_message = ref;
  entry.signal = signal_author(signal);
  if (const auto milestone = milestone_of(signal.kind);
      milestone && !store_.timeline().has_milestone(inc.number, *milestone)) {
    entry.kind = EntryKind::milestone;
    entry.milestone = milestone;
  }
  entry.id = store_.timeline().add(entry);
  return entry;
}

SignalsHandled IncidentEngine::handle_signals(const std::vector<Signal>& signals,
                                              Instant received_at) {
  SignalsHandled handled;
  store_.transaction([&] {
    for (const Signal& signal : signals) {
      // Claimed in the same transaction as what it changes: a crash before
      // the commit leaves neither, and the sender's retry applies it once.
      if (!store_.ledger().claim("signals", signal_ref(signal), received_at)) {
        ++handled.duplicates;
        continue;
      }
      ++handled.accepted;
      std::vector<Incident> targets;
      if (signal.incident) {
        if (auto inc = store_.incidents().find(*signal.incident);
            inc && inc->status != IncidentStatus::closed)
          targets.push_back(std::move(*inc));
      } else {
        for (auto& inc : store_.incidents().list(false))
          if (shares_a_service(inc, signal)) targets.push_back(std::move(inc));
      }
      if (targets.empty() && signal.declares && signal.kind == SignalKind::alert &&
          !options_.auto_declare_channel.empty())
        targets.push_back(declare_from(signal, received_at, handled.effects));
      if (targets.empty()) {
        store_.signals().keep(signal, received_at);
        continue;
      }
      for (const Incident& inc : targets) {
        const auto entry = put_signal(inc, signal, received_at);
        if (!entry || inc.channel.empty()) continue;
        std::string text = "\xF0\x9F\x93\x9F " + entry->signal + " \xC2\xB7 " +
                           format_date_time(entry->at, options_.zone) + ": " + entry->text + " (" +
                           entry_ref(entry->id) + ")";
        if (entry->milestone)
          text += ". " + std::string(milestone_label(*entry->milestone)) +
                  " set from it; `/incident " + std::string(to_string(*entry->milestone)) +
                  " <time>` to correct it.";
        handled.effects.push_back(
            {received_at, inc.platform, PostMessage{inc.channel, std::move(text), "", {}}});
      }
    }
  });
  return handled;
}

Incident IncidentEngine::declare_from(const Signal& signal, Instant now,
                                      std::vector<ScheduledEffect>& effects) {
  const std::string& platform = options_.auto_declare_platform;
  const bool in_place = options_.in_place_platforms.contains(platform);
  Incident inc;
  inc.title = signal.title.empty() ? signal.text : signal.title;
  inc.severity = signal.severity;
  inc.platform = platform;
  inc.origin_channel = options_.auto_declare_channel;
  inc.declared_at = now;
  inc.services = signal.services;
  const std::string by = signal_author(signal);
  record_declaration(inc, by, by);
  // Declared with its service: the deploys and changes before it come along.
  pull_recent_signals(inc, now);

  // Nobody leads an incident a machine declared: the lead nudge asks until someone does.
  std::string text = declared_headline(inc) + " \xC2\xB7 declared by " + by;
  if (!in_place) {
    effects.push_back({now, platform, open_channel_for(inc)});
    text += " \xE2\x86\x92 #" + inc.channel_name;
  }
  text += ". Take the lead with `/incident lead @you`.";
  effects.push_back({now, platform, PostMessage{inc.origin_channel, std::move(text), "", {}}});
  return inc;
}

std::vector<TimelineEntry> IncidentEngine::pull_recent_signals(const Incident& inc, Instant now) {
  std::vector<TimelineEntry> pulled;
  for (const Signal& signal : store_.signals().kept_since(now - options_.recent_changes)) {
    if (signal.incident || !shares_a_service(inc, signal)) continue;
    if (auto entry = put_signal(inc, signal, now)) pulled.push_back(std::move(*entry));
  }
  return pulled;
}

void IncidentEngine::cmd_services(Turn& turn, Incident& inc, const commands::Services& s) {
  std::vector<std::string> added;
  for (const auto& name : s.names)
    if (std::find(inc.services.begin(), inc.services.end(), name) == inc.services.end()) {
      inc.services.push_back(name);
      added.push_back(name);
    }
  const std::string ref = incident_ref(inc.number);
  std::string list;
  for (const auto& name : inc.services) list += (list.empty() ? "" : ", ") + name;
  if (added.empty()) return turn.reply(ref + " is already about " + list + ".");
  store_.incidents().update(inc);
  if (inc.status == IncidentStatus::closed) record_correction(turn, inc, "Services: " + list);

  // What the monitors and deploys said about these services lately, before
  // anyone thought of this incident.
  std::string pulled;
  const auto entries = pull_recent_signals(inc, turn.event.at);
  for (const auto& entry : entries) {
    pulled += "\n  " + entry_ref(entry.id) + " " + format_clock(entry.at, options_.zone) + " " +
              entry.signal + ": " + entry.text;
    if (entry.milestone) pulled += " (" + std::string(milestone_label(*entry.milestone)) + ")";
  }
  std::string text = ref + " is about " + list + ".";
  if (!entries.empty())
    text += " From the last " + std::to_string(round_to_minutes(options_.recent_changes)) +
            " minutes, now on the timeline:" + pulled;
  turn.say(std::move(text));
}

}  // namespace scribe::core
