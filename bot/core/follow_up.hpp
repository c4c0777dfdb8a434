// Follow-through: the work Scribe does on its own as time passes. Reminders
// for late action items (and one heads-up before), escalation to the incident
// lead, update and lead nudges while an incident is open, reminders for
// required postmortems without a reviewer, and the weekly review digest.
//
// Everything is computed from storage and the clock it is given, never from
// memory: the program may restart at any point. What was sent is recorded in
// the ReminderLog in the same transaction that decides to send it, so a
// restart neither forgets a reminder nor sends one twice (persist, then
// deliver: a crash between the two loses a message rather than doubling it;
// the adapters' outbound queues never drop one once handed over).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/follow_up_policy.hpp"
#include "bot/core/postmortem_policy.hpp"
#include "bot/core/repositories.hpp"
#include "bot/core/types.hpp"

namespace scribe::core {

struct FollowUpOptions {
  // The chat platforms this process delivers to; empty: all. Work for an
  // incident on another platform is left to the process that serves it, so a
  // `scribe console` opened on a Slack team's data never swallows a reminder.
  std::set<std::string> platforms;
  std::string zone = "UTC";                         // display zone, and the digest's clock
  std::map<std::string, std::string> people_zones;  // user id or name -> IANA zone
  ReminderPolicy reminders;
  NudgePolicy nudges;
  PostmortemPolicy postmortem;
  DigestSchedule digest_schedule;
  DigestPolicy digest;
  std::string web_base_url;  // [web] base_url: reminders link to the incident's page
};

class FollowUp {
 public:
  FollowUp(Store& store, FollowUpOptions options);

  // Runs, in one transaction, everything due at or before `now` that has not
  // run yet, and returns what to send. Work missed while the program was down
  // runs once, not once per missed period: a reminder three days behind sends
  // one reminder. The caller delivers the effects after this returns.
  std::vector<ScheduledEffect> run_due(Instant now);

  // The earliest instant at which some work is due (possibly already past),
  // or nothing when no work is pending at all.
  std::optional<Instant> next_due();

  // Steps through time up to `until`: runs each piece of work at its own due
  // instant, in order, as it would have run in real time. `not_before` (the
  // clock's previous position) keeps work that only became due in the past —
  // an item created already late — from running before the clock got there.
  // This is the clock of `scribe replay`.
  std::vector<ScheduledEffect> run_through(Instant until,
                                           std::optional<Instant> not_before = std::nullopt);

  // The weekly review as of `now`, for `scribe actions --digest`. Reads only.
  std::string digest(Instant now);

  // The zone a person's due dates end in: [people] config, else the configured zone.
  std::string zone_of(const std::string& user) const;
  const FollowUpOptions& options() const { return options_; }

 private:
  struct Work;
  struct Batch;

  bool serves(const std::string& platform) const;
  std::vector<Work> pending();
  void plan_item(const ActionItem& item, const Incident* incident, std::vector<Work>& out);
  void plan_nudges(const Incident& incident, std::vector<Work>& out);
  void plan_review(const Incident& incident, std::vector<Work>& out);
  void plan_digest(const std::vector<Incident>& incidents, std::vector<Work>& out);

  void run(const Work& work, Batch& batch);
  void run_heads_up(const Work& work, Batch& batch);
  void run_overdue(const Work& work, Batch& batch);
  void run_update_nudge(const Work& work, Batch& batch);
  void run_lead_nudge(const Work& work, Batch& batch);
  void run_review(const Work& work, Batch& batch);
  void run_digest(const Work& work, Batch& batch);

  Store& store_;
  FollowUpOptions options_;
};

}  // namespace scribe::core
