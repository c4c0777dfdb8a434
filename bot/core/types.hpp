// The plain types the core speaks. No transport, JSON or SQL types appear here:
// adapters translate wire formats into these, storage persists them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace scribe::core {

using Millis = std::chrono::milliseconds;
// Every instant is UTC epoch milliseconds; zones only matter for input and display.
using Instant = std::chrono::sys_time<Millis>;

inline std::int64_t to_epoch_ms(Instant t) {
  return t.time_since_epoch().count();
}
inline Instant from_epoch_ms(std::int64_t ms) {
  return Instant{Millis{ms}};
}
// The wall clock, to the millisecond. The engine never reads it: the app and
// adapters pass `now` in, so replay and tests can set time.
inline Instant wall_clock_now() {
  return std::chrono::floor<Millis>(std::chrono::system_clock::now());
}

enum class Severity { p1 = 1, p2 = 2, p3 = 3, p4 = 4 };
std::string_view to_string(Severity s);                      // "P1".."P4"
std::optional<Severity> parse_severity(std::string_view s);  // "p1", "P1", "sev:P1", "1"

// The seven milestones in the order an incident usually passes them.
enum class Milestone { started, impact, detected, acknowledged, identified, mitigated, resolved };
inline constexpr Milestone kAllMilestones[] = {
    Milestone::started,    Milestone::impact,    Milestone::detected, Milestone::acknowledged,
    Milestone::identified, Milestone::mitigated, Milestone::resolved};
std::string_view to_string(Milestone m);  // "started", "impact", ...
std::optional<Milestone> parse_milestone(std::string_view s);
// How a milestone reads to people: "Impact started", "Cause identified", ...
std::string_view milestone_label(Milestone m);

// open: declared and being worked; resolved: the resolved milestone is set;
// closed: `close` was given and the draft written. A closed incident takes no
// more timeline changes but its action items live on.
enum class IncidentStatus { open, resolved, closed };
std::string_view to_string(IncidentStatus s);
std::optional<IncidentStatus> parse_incident_status(std::string_view s);

struct Incident {
  std::int64_t number = 0;  // shown as INC-<number>; assigned by the repository
  std::string title;
  std::optional<Severity> severity;
  IncidentStatus status = IncidentStatus::open;
  std::string platform;        // "console", "slack", "matrix"
  std::string channel;         // platform id of the channel the incident lives in
  std::string channel_name;    // human name, inc-YYYYMMDD-<slug>
  std::string origin_channel;  // platform id of the channel where it was declared
  std::string declared_by;     // platform user id
  std::string lead;            // platform user id; empty while nobody leads
  Instant declared_at{};
  // The first close: a reopened incident keeps it, so "corrections after the
  // close" means after the first one.
  std::optional<Instant> closed_at;
  std::string summary;
  std::string cause;
  std::vector<std::string> affected;  // one entry per `affected` command
  std::vector<std::string> whys;      // in the order given: why 1..n
  std::vector<std::string> reviewers;
  std::optional<Instant> snoozed_until;
  // What the incident is about, as monitors name it (`service checkout api`):
  // signals for these services go on its timeline.
  std::vector<std::string> services;

  bool operator==(const Incident&) const = default;
};

// `correction` entries are the history of changes made to the record (an
// entry edited, retimed or struck, anything changed after the close): they
// are listed in the draft but are not part of the timeline or its figures.
enum class EntryKind { declared, note, milestone, severity, lead, title, pinned, correction };
std::string_view to_string(EntryKind k);
std::optional<EntryKind> parse_entry_kind(std::string_view s);
// The heading a draft gives an entry of this kind: "Severity", "Lead", ...;
// empty for a note and a milestone (see milestone_label).
std::string_view entry_kind_label(EntryKind k);

struct TimelineEntry {
  std::int64_t id = 0;  // assigned by the repository
  std::int64_t incident = 0;
  EntryKind kind = EntryKind::note;
  std::optional<Milestone> milestone;  // set when kind == milestone
  Instant at{};                        // when it happened (backdated where a time was typed)
  Instant recorded_at{};               // when it was said
  std::string author;                  // platform user id
  std::string text;
  std::string source_message;  // for pinned entries: the pinned message's id
  // declared/severity entries: the severity the incident had from then on.
  std::optional<Severity> severity;
  // A struck entry leaves the timeline and the figures but stays in the history.
  std::optional<Instant> struck_at;
  std::string struck_by;
  // Written by a machine, not a person: who ("Alertmanager: HighErrorRate").
  // `source_message` then holds the signal's key, so it is pulled in once.
  std::string signal;

  bool counts() const { return !struck_at && kind != EntryKind::correction; }
  bool operator==(const TimelineEntry&) const = default;
};

struct TranscriptLine {
  std::int64_t incident = 0;
  std::string message_id;   // platform message id (Slack ts, Matrix event id, console event id)
  Instant at{};             // platform timestamp of the original message
  std::string author;       // platform user id
  std::string author_name;  // display name where known
  std::string text;
  std::optional<Instant> edited_at;

  bool operator==(const TranscriptLine&) const = default;
};

// An action item's issue in the team's tracker (GitHub Issues or Jira). The
// export is recorded as `requested`, then `creating` just before the request
// goes out, so after a crash or a lost answer Scribe looks for the issue it
// may have made before it makes another.
struct TrackerLink {
  enum class State { none, requested, creating, linked, failed };
  State state = State::none;
  std::string key;  // "acme/web#41", "OPS-112"
  std::string url;  // the page
  // The tracker issue closed, as Scribe last saw it or made it: when this and
  // the item's own done differ, one side changed and the other must follow.
  bool closed = false;
  std::string error;  // failed: why (said once in the incident channel)

  bool operator==(const TrackerLink&) const = default;
};
std::string_view to_string(TrackerLink::State state);
std::optional<TrackerLink::State> parse_tracker_state(std::string_view s);

struct ActionItem {
  std::int64_t number = 0;  // shown as A-<number>; assigned by the repository
  std::int64_t incident = 0;
  std::string owner;  // platform user id (console: the name)
  std::string description;
  std::optional<std::chrono::year_month_day> due;
  Instant created_at{};
  std::string created_by;
  std::optional<Instant> done_at;
  std::string done_by;
  bool suggested = false;  // proposed by Scribe (e.g. the detection item), not typed
  TrackerLink tracker;

  bool operator==(const ActionItem&) const = default;
};

struct DraftVersion {
  std::int64_t incident = 0;
  int version = 0;  // 1, 2, ... assigned by the repository
  Instant created_at{};
  std::string markdown;

  bool operator==(const DraftVersion&) const = default;
};

// What an adapter hands the core: one thing a person did in chat.
enum class InboundKind { message, edit, deletion, reaction_added, reaction_removed };

struct Inbound {
  InboundKind kind = InboundKind::message;
  std::string platform;        // "console", "slack", "matrix"
  std::string event_id;        // the platform's own id for this event: the dedup key
  std::string channel;         // platform channel id
  std::string author;          // platform user id (console: the name typed with --as)
  std::string author_name;     // display name where known
  std::string message_id;      // the message this is, or the one an edit/delete/reaction targets
  Instant at{};                // the platform's timestamp of this event
  std::string text;            // message text; for a slash command, the text after `/incident`
  bool slash_command = false;  // text holds only the arguments of `/incident`
  std::string reaction;        // reaction name, e.g. "pushpin"
  std::string timezone;        // the speaker's IANA zone where the platform tells it
  bool from_bot = false;       // bots, including Scribe itself, are never recorded
};

// What the core asks an adapter to do.
struct PostMessage {
  std::string channel;
  std::string text;
  std::string ephemeral_to;           // non-empty: only this user sees it
  std::vector<std::string> mentions;  // user ids the text names
};
struct PostFile {
  std::string channel;
  std::string filename;
  std::string title;
  std::string content;
  std::string comment;  // short message posted with the file
};
// Create a dedicated incident channel; the adapter reports its id back with
// IncidentEngine::bind_channel and then posts `announcement` in it.
struct OpenChannel {
  std::int64_t incident = 0;
  std::string name;
  std::vector<std::string> invite;
  std::string announcement;
};
struct DirectMessage {
  std::string user;
  std::string text;
};
// A draft version was stored; the application writes it under data_dir.
struct DraftReady {
  std::int64_t incident = 0;
  int version = 0;
  std::string markdown;
  // The timeline as a picture, written beside the draft (timeline_file_name()).
  std::string timeline_svg;
};
using Outbound = std::variant<PostMessage, PostFile, OpenChannel, DirectMessage, DraftReady>;

std::string incident_ref(std::int64_t number);  // "INC-7"
std::string action_ref(std::int64_t number);    // "A-12"
std::string entry_ref(std::int64_t id);         // "T-4": a timeline entry
// "https://scribe.example.com/incidents/INC-7" from [web] base_url; "" without one.
std::string incident_page_url(std::string_view base_url, std::int64_t number);
// A page of the web view ("/actions"), or "" without a base_url.
std::string web_page_url(std::string_view base_url, std::string_view path);
// "INC-7-postmortem-v2.md": the name a draft version has as a file and as an upload.
std::string draft_file_name(std::int64_t incident, int version);

// An effect for the platform an incident lives on, and when it was made:
// scheduled work (follow-up) and signals both produce them.
struct ScheduledEffect {
  Instant at;            // the clock instant the work ran at
  std::string platform;  // "slack", "matrix", "console": where the incident (or digest) lives
  Outbound effect;       // DirectMessage to a platform user id, or PostMessage to a channel id
};

// The effects of `scheduled` meant for one platform, for its adapter's deliver().
std::vector<Outbound> effects_for(const std::vector<ScheduledEffect>& scheduled,
                                  std::string_view platform);

}  // namespace scribe::core
