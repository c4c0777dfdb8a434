#include "bot/core/engine.hpp"

#include <stdexcept>

#include "bot/core/action_items.hpp"
#include "bot/core/engine_turn.hpp"
#include "bot/core/overloaded.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"
#include "bot/core/timeline_svg.hpp"

namespace scribe::core {

namespace {

// Every string an event brings is made valid UTF-8 without NULs before any of
// it is stored, whichever adapter it came from: a draft is only as clean as
// the least careful client that wrote into the channel.
Inbound cleaned(const Inbound& e) {
  Inbound out = e;
  for (std::string* field : {&out.event_id, &out.channel, &out.author, &out.author_name,
                             &out.message_id, &out.text, &out.reaction, &out.timezone})
    *field = clean_text(*field);
  return out;
}

}  // namespace

IncidentEngine::IncidentEngine(Store& store, EngineOptions options)
    : store_(store), options_(std::move(options)) {}

std::string IncidentEngine::zone_of(const std::string& user,
                                    const std::string& platform_zone) const {
  return person_zone(options_.people_zones, options_.zone, user, platform_zone);
}

std::string IncidentEngine::display(const std::string& user) const {
  return mention(user);
}

std::vector<Outbound> IncidentEngine::handle(const Inbound& event) {
  const Inbound clean = cleaned(event);
  Turn turn{clean, zone_of(clean.author, clean.timezone), {}};
  apply_once(turn);
  return std::move(turn.effects);
}

std::vector<IncidentEngine::Handled> IncidentEngine::handle_batch(
    const std::vector<Inbound>& events, const std::optional<CursorUpdate>& cursor) {
  std::vector<Handled> results(events.size());
  store_.transaction([&] {
    for (std::size_t i = 0; i < events.size(); ++i) {
      const Inbound clean = cleaned(events[i]);
      Turn turn{clean, zone_of(clean.author, clean.timezone), {}};
      try {
        // Nested: a failing event undoes only itself, the rest of the batch commits.
        apply_once(turn);
        results[i].effects = std::move(turn.effects);
      } catch (const std::exception& e) {
        results[i].error = e.what();
      }
    }
    if (cursor) store_.cursors().put(cursor->name, cursor->value);
  });
  return results;
}

std::optional<std::string> IncidentEngine::cursor(const std::string& name) {
  return store_.cursors().get(name);
}

void IncidentEngine::remember_pin_reaction(const std::string& platform,
                                           const std::string& reaction_event,
                                           const std::string& target_message, Instant at) {
  store_.transaction([&] {
    store_.pin_reactions().remember(platform, reaction_event, target_message, at);
  });
}

std::optional<std::string> IncidentEngine::pin_reaction_target(const std::string& platform,
                                                               const std::string& reaction_event) {
  return store_.pin_reactions().target_of(platform, reaction_event);
}

void IncidentEngine::bind_channel(std::int64_t incident, const std::string& channel) {
  store_.transaction([&] {
    auto inc = store_.incidents().find(incident);
    if (!inc) throw std::invalid_argument("no incident " + incident_ref(incident));
    inc->channel = channel;
    store_.incidents().update(*inc);
  });
}

void IncidentEngine::apply_once(Turn& turn) {
  const Inbound& e = turn.event;
  store_.transaction([&] {
    // The claim is part of the same transaction as the change it guards: a
    // crash before commit leaves neither, so a redelivery applies it once.
    if (!e.event_id.empty() && !store_.ledger().claim(e.platform, e.event_id, e.at)) return;
    apply(turn);
  });
}

void IncidentEngine::apply(Turn& turn) {
  if (turn.event.from_bot) return;  // our own echoes and other bots are never recorded
  switch (turn.event.kind) {
    case InboundKind::message:
      on_message(turn);
      break;
    case InboundKind::edit:
      on_edit(turn);
      break;
    case InboundKind::deletion:
      on_deletion(turn);
      break;
    case InboundKind::reaction_added:
      on_reaction(turn, true);
      break;
    case InboundKind::reaction_removed:
      on_reaction(turn, false);
      break;
  }
}

void IncidentEngine::on_message(Turn& turn) {
  const Inbound& e = turn.event;
  if (auto here = store_.incidents().active_number_in_channel(e.platform, e.channel))
    store_.transcript().add(transcript_line_of(e, *here));
  if (e.slash_command) return run_command(turn, e.text);
  if (auto args = command_arguments(e.text)) run_command(turn, *args);
}

void IncidentEngine::on_edit(Turn& turn) {
  const Inbound& e = turn.event;
  auto here = store_.incidents().active_number_in_channel(e.platform, e.channel);
  if (!here) return;
  store_.transcript().edit(*here, e.message_id, e.text, e.at);
}

void IncidentEngine::on_deletion(Turn& turn) {
  const Inbound& e = turn.event;
  auto here = store_.incidents().active_number_in_channel(e.platform, e.channel);
  if (!here) return;
  store_.transcript().remove(*here, e.message_id);
  store_.timeline().remove_pinned(*here, e.message_id);
}

void IncidentEngine::on_reaction(Turn& turn, bool added) {
  const Inbound& e = turn.event;
  if (e.reaction != "pushpin" && e.reaction != "\xF0\x9F\x93\x8C") return;
  auto here = store_.incidents().find_active_in_channel(e.platform, e.channel);
  if (!here) return;
  if (!added) {
    store_.timeline().remove_pinned(here->number, e.message_id);
    return;
  }
  auto line = store_.transcript().find(here->number, e.message_id);
  if (!line) return;  // a message from before the incident: nothing of ours to pin
  for (const auto& entry : store_.timeline().list(here->number))
    if (entry.kind == EntryKind::pinned && entry.source_message == e.message_id) return;
  TimelineEntry entry;
  entry.incident = here->number;
  entry.kind = EntryKind::pinned;
  entry.at = line->at;  // the message's own time, not the time of the reaction
  entry.recorded_at = e.at;
  entry.author = line->author;
  entry.text = line->text;
  entry.source_message = e.message_id;
  store_.timeline().add(entry);
}

std::optional<Incident> IncidentEngine::incident_for_command(Turn& turn) {
  const Inbound& e = turn.event;
  if (auto here = store_.incidents().find_active_in_channel(e.platform, e.channel)) return here;
  // Commands typed where the incident was declared reach it while that is unambiguous.
  auto declared_here = store_.incidents().find_active_from_origin(e.platform, e.channel);
  if (declared_here.size() == 1) return declared_here.front();
  if (declared_here.size() > 1) {
    std::string names;
    for (const auto& inc : declared_here)
      names +=
          (names.empty() ? "" : ", ") + incident_ref(inc.number) + " (#" + inc.channel_name + ")";
    turn.reply("Several incidents were declared from this channel: " + names +
               ". Use the incident's own channel.");
    turn.answered = true;
  }
  return std::nullopt;
}

void IncidentEngine::run_command(Turn& turn, const std::string& arguments) {
  ParseContext ctx;
  ctx.now = turn.event.at;
  ctx.zone = turn.zone;
  ctx.bare_names = turn.event.platform == "console";
  // Due dates are the owner's: "today" for an owner in Kolkata is Kolkata's today.
  ctx.owner_zone = [this](const std::string& user) { return zone_of(user, ""); };
  CommandParse parsed = parse_command(arguments, ctx);
  if (!parsed.command) return turn.reply(parsed.error);
  const Command& c = *parsed.command;
  using namespace commands;

  // The commands that need no incident here.
  if (const auto* start = std::get_if<Start>(&c.body)) return cmd_start(turn, *start);
  if (const auto* help = std::get_if<Help>(&c.body)) return turn.reply(help_text(help->text));
  if (std::holds_alternative<List>(c.body)) return cmd_list(turn);
  if (const auto* done = std::get_if<Done>(&c.body)) return cmd_done(turn, *done);
  if (const auto* e = std::get_if<Export>(&c.body); e && e->item)
    return cmd_export(turn, std::nullopt, *e);
  if (const auto* reviewer = std::get_if<Reviewer>(&c.body); reviewer && c.incident)
    return cmd_reviewer_of(turn, *c.incident, reviewer->user);

  auto inc = target_incident(turn, c);
  if (const auto* actions = std::get_if<Actions>(&c.body)) return cmd_actions(turn, inc, *actions);
  if (std::holds_alternative<Draft>(c.body)) return cmd_draft(turn, inc);
  if (const auto* e = std::get_if<Export>(&c.body)) return cmd_export(turn, inc, *e);
  if (!inc) {
    if (!turn.answered) turn.reply(std::string(kNoIncidentHere));
    return;
  }
  if (!backdating_allowed(turn, *inc, c)) return;
  const bool was_closed = inc->status == IncidentStatus::closed;
  run_on_incident(turn, *inc, c);
  if (was_closed && turn.corrected) redraft_after_correction(turn, *inc);
}

void IncidentEngine::run_on_incident(Turn& turn, Incident& inc, const Command& c) {
  using namespace commands;
  const std::string ref = incident_ref(inc.number);
  // summary and cause: one text each, which the next one replaces.
  const auto replace_text = [&](std::string& field, const std::string& text,
                                const std::string& name) {
    field = text;
    set_field(turn, inc, name + " of " + ref + " recorded.", name + " rewritten: " + text);
  };
  std::visit(
      overloaded{
          [&](const Note& note) { cmd_note(turn, inc, c, note); },
          [&](const Mark& mark) { cmd_mark(turn, inc, c, mark); },
          [&](const SetSeverity& severity) { cmd_severity(turn, inc, c, severity); },
          [&](const SetLead& lead) { cmd_lead(turn, inc, c, lead); },
          [&](const SetTitle& title) { cmd_title(turn, inc, c, title); },
          [&](const Summary& summary) { replace_text(inc.summary, summary.text, "Summary"); },
          [&](const Affected& affected) {
            inc.affected.push_back(affected.text);
            set_field(turn, inc, "Impact on " + ref + " recorded: " + affected.text,
                      "Impact added: " + affected.text);
          },
          [&](const Cause& cause) { replace_text(inc.cause, cause.text, "Root cause"); },
          [&](const Why& why) {
            inc.whys.push_back(why.text);
            const std::string n = std::to_string(inc.whys.size());
            set_field(turn, inc,
                      "Why " + n + " of " + ref + " recorded: " + why.text +
                          (inc.whys.size() < 5 ? "  (ask why once more)" : ""),
                      "Why " + n + " added: " + why.text);
          },
          [&](const Reviewer& reviewer) { add_reviewer(turn, inc, reviewer.user); },
          [&](const Snooze& snooze) { cmd_snooze(turn, inc, snooze); },
          [&](const Action& action) { cmd_action(turn, inc, action); },
          [&](const Timeline&) { cmd_timeline(turn, inc); },
          [&](const Close&) {
            if (inc.status == IncidentStatus::closed)
              return turn.reply(ref + " is already closed.");
            cmd_close(turn, inc);
          },
          [&](const Reopen&) { cmd_reopen(turn, inc); },
          [&](const EditEntry&) { cmd_entry_change(turn, inc, c); },
          [&](const RetimeEntry&) { cmd_entry_change(turn, inc, c); },
          [&](const StrikeEntry&) { cmd_entry_change(turn, inc, c); },
          [&](const Services& services) { cmd_services(turn, inc, services); },
          // Answered in run_command before an incident is looked for.
          [&](const Start&) { throw std::logic_error("start reached run_on_incident"); },
          [&](const Help&) { throw std::logic_error("help reached run_on_incident"); },
          [&](const List&) { throw std::logic_error("list reached run_on_incident"); },
          [&](const Done&) { throw std::logic_error("done reached run_on_incident"); },
          [&](const Actions&) { throw std::logic_error("actions reached run_on_incident"); },
          [&](const Draft&) { throw std::logic_error("draft reached run_on_incident"); },
          [&](const Export&) { throw std::logic_error("export reached run_on_incident"); },
      },
      c.body);
}

std::vector<Outbound> IncidentEngine::write_draft(std::int64_t incident, Instant now) {
  std::vector<Outbound> out;
  store_.transaction([&] {
    auto inc = store_.incidents().find(incident);
    if (!inc) throw std::invalid_argument("no incident " + incident_ref(incident));
    publish_draft(out, *inc, now, "");
  });
  return out;
}

void IncidentEngine::publish_draft(std::vector<Outbound>& out, const Incident& inc, Instant now,
                                   const std::string& comment) {
  DraftInput input;
  input.incident = inc;
  input.timeline = store_.timeline().list(inc.number);
  input.transcript = store_.transcript().list(inc.number);
  input.actions = store_.actions().list_for_incident(inc.number);
  for (const auto& line : input.transcript) input.names[line.author] = line.author_name;
  input.zone = options_.zone;
  input.detection_target_minutes = options_.detection_target_minutes;
  input.generated_at = now;
  input.web_url = incident_page_url(options_.web_base_url, inc.number);
  auto latest = store_.drafts().latest(inc.number);
  input.version = latest ? latest->version + 1 : 1;
  std::string markdown = render_postmortem(options_.postmortem_template, input);
  const int version = store_.drafts().add(inc.number, now, markdown);
  const std::string filename = draft_file_name(inc.number, version);
  out.push_back(
      DraftReady{inc.number, version, markdown, timeline_svg(inc, input.timeline, options_.zone)});
  if (!inc.channel.empty()) {
    out.push_back(
        PostFile{inc.channel, filename,
                 incident_ref(inc.number) + " postmortem draft v" + std::to_string(version),
                 std::move(markdown), comment});
  }
}

}  // namespace scribe::core
