// The incident engine: one Inbound in, a list of Outbound effects out. Every
// event is applied in one storage transaction, at most once per platform event id.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bot/core/command.hpp"
#include "bot/core/postmortem_policy.hpp"
#include "bot/core/repositories.hpp"
#include "bot/core/tracker.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

struct EngineOptions {
  std::string zone = "UTC";  // display zone, and typed times when the speaker's is unknown
  int detection_target_minutes = 2;
  std::map<std::string, std::string> people_zones;  // user id or name -> IANA zone
  // Platforms where an incident lives in the channel it was declared in instead
  // of a new one (the console has no channels to create).
  std::set<std::string> in_place_platforms{"console"};
  std::string postmortem_template;     // Mustache text of postmortem.md.mustache
  PostmortemPolicy postmortem_policy;  // whether a closed incident needs a full postmortem
  // Signals that matched no open incident are pulled onto one given their
  // service within this long ([signals] recent_changes).
  Millis recent_changes = std::chrono::hours(2);
  // Where an alert that declares an incident announces it ([signals]
  // auto_declare_channel) and on which platform; no channel: nothing declares.
  std::string auto_declare_platform;
  std::string auto_declare_channel;
  std::string web_base_url;  // [web] base_url: replies and drafts link to the incident's page
  TrackerTarget tracker;     // [trackers]: where action items are exported, and when
};

// The tracker loop's share of the action items (IncidentEngine::tracker_work).
struct TrackerWork {
  std::vector<ActionItem> exports;  // requested, or creating (look for the issue first)
  std::vector<ActionItem> closes;   // done in Scribe, open in the tracker
};

// What a batch of signals did, after its commit.
struct SignalsHandled {
  int accepted = 0;    // new: put on a timeline, or kept for an incident declared later
  int duplicates = 0;  // seen before (a re-send, a retried delivery): nothing changed
  std::vector<ScheduledEffect> effects;  // posts in the incidents' channels
};

// The reply a command gets when it names no open incident.
inline constexpr std::string_view kNoIncidentHere =
    "No open incident in this channel. Start one with `/incident start <title> [sev:P1..P4]`.";

class IncidentEngine {
 public:
  IncidentEngine(Store& store, EngineOptions options);

  // Applies one event. An event whose (platform, event_id) was applied before
  // changes nothing and returns no effects.
  std::vector<Outbound> handle(const Inbound& event);

  // One event of a batch: its effects, or why it could not be applied (it
  // then changed nothing, and its id is not marked applied).
  struct Handled {
    std::vector<Outbound> effects;
    std::string error;
  };
  struct CursorUpdate {
    std::string name;
    std::string value;
  };
  // Applies several events with one commit: a busy socket keeps its acks fast
  // by committing many events at once. `cursor`, when given, is stored in the
  // same transaction (Matrix next_batch with the events it delivered).
  std::vector<Handled> handle_batch(const std::vector<Inbound>& events,
                                    const std::optional<CursorUpdate>& cursor = std::nullopt);
  std::optional<std::string> cursor(const std::string& name);

  // Pin reactions whose removal names only the reaction (Matrix redactions):
  // remembered when seen, so the removal finds the message it pinned.
  void remember_pin_reaction(const std::string& platform, const std::string& reaction_event,
                             const std::string& target_message, Instant at);
  std::optional<std::string> pin_reaction_target(const std::string& platform,
                                                 const std::string& reaction_event);

  // Applies signals in one transaction, each at most once per (source, key):
  // onto the timeline of every open incident it names or shares a service
  // with, else kept for `recent_changes` (engine_signals.cpp).
  SignalsHandled handle_signals(const std::vector<Signal>& signals, Instant received_at);

  // The adapter created the channel an OpenChannel effect asked for.
  void bind_channel(std::int64_t incident, const std::string& channel);
  // OpenChannel again for incidents declared on `platform` that are still
  // open and have no channel: the process stopped after committing the
  // declaration but before the channel was made. Adapters ask at start.
  std::vector<Outbound> channels_never_opened(const std::string& platform);

  // Renders the incident's draft, stores it as a new version and returns the
  // effects that publish it. Throws TemplateError on a broken template and
  // std::invalid_argument for an unknown incident.
  std::vector<Outbound> write_draft(std::int64_t incident, Instant now);

  // The tracker loop's side (engine_trackers.cpp); each call one transaction,
  // its posts for the incident's channel returned.
  TrackerWork tracker_work();
  std::vector<ActionItem> tracker_linked();  // every item with an issue: what a poll reads back
  TrackerIssue tracker_issue(const ActionItem& item);
  // Marks the export as under way before its request goes out.
  void tracker_export_starting(std::int64_t item);
  std::vector<ScheduledEffect> tracker_export_made(std::int64_t item, const std::string& key,
                                                   const std::string& url, Instant now);
  // Exports the tracker refused for `why` (a 404 repository, a 401 token): said
  // once, in one message per incident.
  std::vector<ScheduledEffect> tracker_exports_refused(const std::vector<std::int64_t>& items,
                                                       const std::string& why, Instant now);
  void tracker_closed_by_scribe(std::int64_t item);
  // Closed or reopened in the tracker: the item follows (done, or open again).
  std::vector<ScheduledEffect> tracker_observed(const std::vector<TrackerObservation>& seen,
                                                Instant now);
  // Asks for the export of items not exported yet (`scribe replay --export`).
  int request_exports(const std::vector<std::int64_t>& items);

  void set_postmortem_template(std::string text) { options_.postmortem_template = std::move(text); }
  const EngineOptions& options() const { return options_; }
  // The zone a person's typed times are read in.
  std::string zone_of(const std::string& user, const std::string& platform_zone) const;

 private:
  struct Turn;  // one event being applied: its context and the effects so far

  // Claims the event id and applies it, in one transaction (nested in a batch's).
  void apply_once(Turn& turn);
  void apply(Turn& turn);
  void on_message(Turn& turn);
  void on_edit(Turn& turn);
  void on_deletion(Turn& turn);
  void on_reaction(Turn& turn, bool added);
  void run_command(Turn& turn, const std::string& arguments);
  // The open incident a command in this channel is about, if any.
  std::optional<Incident> incident_for_command(Turn& turn);
  // The incident a command is about: the one it names (`INC-n`), the one its
  // entry (`T-n`) belongs to, else the one of this channel (engine_corrections.cpp).
  std::optional<Incident> target_incident(Turn& turn, const Command& c);
  // A typed time more than 30 days before the declaration is a typo'd date.
  bool backdating_allowed(Turn& turn, const Incident& inc, const Command& c);
  void cmd_entry_change(Turn& turn, Incident& inc, const Command& c);
  // `service <name>...` and the recent signals it pulls in (engine_signals.cpp).
  void cmd_services(Turn& turn, Incident& inc, const commands::Services& s);
  // The signal on the incident's timeline, once: nullopt when it is there already.
  std::optional<TimelineEntry> put_signal(const Incident& inc, const Signal& signal, Instant now);
  // The kept signals of the last recent_changes for the incident's services,
  // put on its timeline (each once).
  std::vector<TimelineEntry> pull_recent_signals(const Incident& inc, Instant now);
  // An incident declared by an alert (auto_declare), its channel asked for.
  Incident declare_from(const Signal& signal, Instant now, std::vector<ScheduledEffect>& effects);
  // Runs a command about `inc`: the one struct its command parsed into.
  void run_on_incident(Turn& turn, Incident& inc, const Command& c);
  void cmd_reopen(Turn& turn, Incident& inc);
  // Keeps what changed in the history (a correction entry); a change to a
  // closed incident also marks the turn so its draft is written again.
  void record_correction(Turn& turn, const Incident& inc, const std::string& text);
  void redraft_after_correction(Turn& turn, const Incident& inc);

  // Command handlers (engine_commands.cpp).
  void cmd_start(Turn& turn, const commands::Start& c);
  void cmd_note(Turn& turn, Incident& inc, const Command& c, const commands::Note& note);
  void cmd_mark(Turn& turn, Incident& inc, const Command& c, const commands::Mark& mark);
  void cmd_severity(Turn& turn, Incident& inc, const Command& c, const commands::SetSeverity& s);
  void cmd_lead(Turn& turn, Incident& inc, const Command& c, const commands::SetLead& lead);
  void cmd_title(Turn& turn, Incident& inc, const Command& c, const commands::SetTitle& title);
  // What the five above share: the entry stored, confirmed, and on a closed
  // incident kept as a correction.
  void add_timeline_entry(Turn& turn, Incident& inc, const Command& c, TimelineEntry entry,
                          const std::string& confirmation, std::vector<std::string> mentions = {});
  // summary, affected, cause, why: a field of the incident.
  void set_field(Turn& turn, Incident& inc, const std::string& said, const std::string& correction);
  void cmd_snooze(Turn& turn, Incident& inc, const commands::Snooze& snooze);
  void cmd_action(Turn& turn, Incident& inc, const commands::Action& c);
  void cmd_done(Turn& turn, const commands::Done& c);
  void cmd_export(Turn& turn, const std::optional<Incident>& inc, const commands::Export& c);
  // Marks an item for export when it has no issue yet (or its last try failed).
  bool request_export(ActionItem& item);
  void cmd_actions(Turn& turn, const std::optional<Incident>& inc, const commands::Actions& c);
  void cmd_timeline(Turn& turn, const Incident& inc);
  void cmd_close(Turn& turn, Incident& inc);
  void cmd_list(Turn& turn);
  void cmd_draft(Turn& turn, const std::optional<Incident>& here);
  // `reviewer INC-<n> @user`: names a reviewer of any incident, closed ones included.
  void cmd_reviewer_of(Turn& turn, std::int64_t incident, const std::string& user);
  // Names a reviewer once, and says so where it was asked.
  void add_reviewer(Turn& turn, Incident& inc, const std::string& user);
  // Whether the incident closing needs a full postmortem, as `close` says it.
  std::string close_requirement_sentence(const Incident& inc, const PostmortemFigures& f) const;

  // Stores a new incident (its channel name; its channel where incidents live
  // in place) and the declaration on its timeline, "Incident declared by <by>".
  void record_declaration(Incident& inc, const std::string& by, const std::string& signal);
  std::string declared_headline(const Incident& inc) const;
  // The OpenChannel that makes an incident's channel and announces it there.
  OpenChannel open_channel_for(const Incident& inc) const;
  void publish_draft(std::vector<Outbound>& out, const Incident& inc, Instant now,
                     const std::string& comment);
  std::string display(const std::string& user) const;

  Store& store_;
  EngineOptions options_;
};

}  // namespace scribe::core
