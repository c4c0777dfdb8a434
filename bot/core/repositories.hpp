// Storage seen from the core: repository interfaces it owns. SQLite implements
// them today (storage/); a PostgreSQL backend may later, so nothing here assumes SQL.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/signal.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

class IncidentRepository {
 public:
  virtual ~IncidentRepository() = default;
  // Stores a new incident and returns the number it was given (1, 2, ...).
  virtual std::int64_t create(const Incident& incident) = 0;
  virtual std::optional<Incident> find(std::int64_t number) = 0;
  // The incident that lives in this channel and is not closed.
  virtual std::optional<Incident> find_active_in_channel(const std::string& platform,
                                                         const std::string& channel) = 0;
  // Only its number: what every message said in an incident channel needs,
  // read without the incident's other fields and lists.
  virtual std::optional<std::int64_t> active_number_in_channel(const std::string& platform,
                                                               const std::string& channel) = 0;
  // Incidents not closed that were declared from this channel, newest first.
  virtual std::vector<Incident> find_active_from_origin(const std::string& platform,
                                                        const std::string& origin_channel) = 0;
  // All incidents (or only those not closed), by number ascending.
  virtual std::vector<Incident> list(bool include_closed) = 0;
  // Overwrites every field of the incident with this number.
  virtual void update(const Incident& incident) = 0;
  // Whether any incident (any status) already uses this channel name.
  virtual bool channel_name_taken(const std::string& channel_name) = 0;
  // The incidents whose title, summary, cause or timeline (struck entries
  // aside) hold these words in this order, or whose transcript holds this
  // text, without case.
  virtual std::vector<std::int64_t> search(const std::string& words) = 0;
};

class TimelineRepository {
 public:
  virtual ~TimelineRepository() = default;
  virtual std::int64_t add(const TimelineEntry& entry) = 0;
  // Ordered by `at`, then by id (the order they were recorded).
  virtual std::vector<TimelineEntry> list(std::int64_t incident) = 0;
  // Everything stored, struck and correction entries included (TimelineEntry::counts()).
  virtual std::optional<TimelineEntry> find(std::int64_t id) = 0;
  // Overwrites the entry's at, text, struck_at and struck_by.
  virtual void update(const TimelineEntry& entry) = 0;
  // Removes pinned entries made from this message; returns how many went.
  virtual int remove_pinned(std::int64_t incident, const std::string& source_message) = 0;
  // Whether a signal's entry (TimelineEntry::signal set) with this key is on the timeline.
  virtual bool has_signal(std::int64_t incident, const std::string& key) = 0;
  // Whether a milestone of this kind counts (is not struck).
  virtual bool has_milestone(std::int64_t incident, Milestone milestone) = 0;
};

class TranscriptRepository {
 public:
  virtual ~TranscriptRepository() = default;
  // Inserts the line; a line with the same (incident, message_id) is left as it is.
  virtual void add(const TranscriptLine& line) = 0;
  virtual std::optional<TranscriptLine> find(std::int64_t incident,
                                             const std::string& message_id) = 0;
  // Returns false when there is no such line.
  virtual bool edit(std::int64_t incident, const std::string& message_id, const std::string& text,
                    Instant edited_at) = 0;
  virtual bool remove(std::int64_t incident, const std::string& message_id) = 0;
  // Ordered by `at`, then insertion order.
  virtual std::vector<TranscriptLine> list(std::int64_t incident) = 0;
};

class ActionItemRepository {
 public:
  virtual ~ActionItemRepository() = default;
  // Stores a new item and returns its number (A-1, A-2, ... across all incidents).
  virtual std::int64_t add(const ActionItem& item) = 0;
  virtual std::optional<ActionItem> find(std::int64_t number) = 0;
  virtual void update(const ActionItem& item) = 0;
  // By number ascending.
  virtual std::vector<ActionItem> list_for_incident(std::int64_t incident) = 0;
  virtual std::vector<ActionItem> list_all(bool include_done) = 0;
  // Items with a tracker link in any state (what a poll reads back).
  virtual std::vector<ActionItem> list_with_tracker() = 0;
  // Only the tracker loop's work: exports asked for or under way, and items
  // done here whose issue is still open there. Read every few seconds, so it
  // does not grow with every item ever exported.
  virtual std::vector<ActionItem> list_tracker_work() = 0;
  // The item whose tracker issue is `key` ("acme/web#41", "OPS-112").
  virtual std::optional<ActionItem> find_by_tracker_key(const std::string& key) = 0;
};

class DraftRepository {
 public:
  virtual ~DraftRepository() = default;
  // Stores a new version and returns its number (1 for the first draft of an incident).
  virtual int add(std::int64_t incident, Instant created_at, const std::string& markdown) = 0;
  virtual std::optional<DraftVersion> latest(std::int64_t incident) = 0;
  virtual std::vector<DraftVersion> list(std::int64_t incident) = 0;
};

// Remembers which platform events were applied, so applying one twice changes nothing.
class EventLedger {
 public:
  virtual ~EventLedger() = default;
  // Records the event as applied. Returns false (and records nothing) when it
  // was applied before.
  virtual bool claim(const std::string& platform, const std::string& event_id,
                     Instant received_at) = 0;
  // Drops what was recorded for `platform` with received_at before `cutoff`,
  // so the ledger does not grow forever. Only for platforms that redeliver
  // within hours (Slack, Matrix); replayed transcripts keep theirs, since the
  // same old file may be replayed again. Returns how many were dropped.
  virtual std::size_t forget_before(const std::string& platform, Instant cutoff) = 0;
};

// Where each platform's stream has been read up to (Matrix `next_batch`), stored
// in the same transaction as the events that stream delivered.
class CursorRepository {
 public:
  virtual ~CursorRepository() = default;
  virtual std::optional<std::string> get(const std::string& name) = 0;
  virtual void put(const std::string& name, const std::string& value) = 0;
};

// Which message a pin reaction was placed on, for platforms whose removal of a
// reaction names only the reaction event (a Matrix redaction): what a later
// removal needs to take the right message off the timeline.
class PinReactionRepository {
 public:
  virtual ~PinReactionRepository() = default;
  // Remembers the reaction; one already known is left as it is.
  virtual void remember(const std::string& platform, const std::string& reaction_event,
                        const std::string& target_message, Instant at) = 0;
  virtual std::optional<std::string> target_of(const std::string& platform,
                                               const std::string& reaction_event) = 0;
  // Drops reactions remembered before `cutoff`, like the event ledger; returns how many.
  virtual std::size_t forget_before(const std::string& platform, Instant cutoff) = 0;
};

// What follow-through has already sent (reminders, nudges, digests), so a
// restart neither forgets a reminder nor sends one twice. `key` names what the
// work is about ("A-12", "INC-7", "digest"), `kind` which work it was
// ("overdue", "update_nudge", ...), `at` the instant it ran for.
class ReminderLog {
 public:
  virtual ~ReminderLog() = default;
  // Records the work as done. Returns false (and records nothing) when this
  // exact (key, kind, at) was recorded before.
  virtual bool record(const std::string& key, const std::string& kind, Instant at) = 0;
  // The latest instant recorded for (key, kind).
  virtual std::optional<Instant> last(const std::string& key, const std::string& kind) = 0;
  // How many times (key, kind) was recorded.
  virtual int count(const std::string& key, const std::string& kind) = 0;
};

// All repositories over one database, plus the unit of work that makes a
// group of changes atomic.
// Signals that matched no open incident, kept for `recent_changes` so an
// incident declared (or given a service) later pulls them onto its timeline.
class SignalRepository {
 public:
  virtual ~SignalRepository() = default;
  // Keeps one signal; the same (source, key) twice keeps it once.
  virtual void keep(const Signal& signal, Instant received_at) = 0;
  // The kept signals that happened at or after `since`, oldest first.
  virtual std::vector<Signal> kept_since(Instant since) = 0;
  // Drops signals that happened before `cutoff`; returns how many.
  virtual std::size_t forget_before(Instant cutoff) = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual IncidentRepository& incidents() = 0;
  virtual TimelineRepository& timeline() = 0;
  virtual TranscriptRepository& transcript() = 0;
  virtual ActionItemRepository& actions() = 0;
  virtual DraftRepository& drafts() = 0;
  virtual EventLedger& ledger() = 0;
  virtual CursorRepository& cursors() = 0;
  virtual ReminderLog& reminders() = 0;
  virtual PinReactionRepository& pin_reactions() = 0;
  virtual SignalRepository& signals() = 0;
  // Runs `work` in one transaction: committed when it returns, rolled back
  // (and the exception rethrown) when it throws. Nested calls join the outer one.
  virtual void transaction(const std::function<void()>& work) = 0;
};

}  // namespace scribe::core
