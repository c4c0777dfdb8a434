// FollowUp's work: recording each piece as done and saying what it says.
// Every piece records itself before it speaks; a record that already exists
// (another replica, or a run that crashed after committing) sends nothing.
#include <array>
#include <chrono>

#include "bot/core/action_items.hpp"
#include "bot/core/digest.hpp"
#include "bot/core/tracker.hpp"
#include "bot/core/follow_up.hpp"
#include "bot/core/follow_up_work.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {
namespace {

std::string days_text(std::int64_t days) {
  return std::to_string(days) + (days == 1 ? " day" : " days");
}

std::string minutes_text(Millis d) {
  return std::to_string(round_to_minutes(d)) + " min";
}

// "INC-3 API returning 503s", or "INC-3" when the incident is not at hand.
std::string incident_name(std::int64_t number, const std::optional<Incident>& inc) {
  return incident_ref(number) + (inc ? " " + inc->title : "");
}

std::string done_hint(const ActionItem& item, const std::string& base_url) {
  const std::string url = incident_page_url(base_url, item.incident);
  const std::string tracker = tracker_text(item.tracker);
  return "When it is done: " +
         (tracker.empty() ? "" : "close " + tracker + ", or ") + "`/incident done " +
         action_ref(item.number) + "`." + (url.empty() ? "" : " " + url);
}

// Who answers for an incident: its lead, else whoever declared it.
std::string responsible(const Incident& inc) {
  return inc.lead.empty() ? inc.declared_by : inc.lead;
}

std::string severity_label(const Incident& inc) {
  return inc.severity ? std::string(to_string(*inc.severity)) : "no severity";
}

}  // namespace

void FollowUp::run(const Work& work, Batch& batch) {
  using Runner = void (FollowUp::*)(const Work&, Batch&);
  // At Work::Kind's values.
  static constexpr std::array<Runner, 6> kRunners{
      &FollowUp::run_heads_up,   &FollowUp::run_overdue,      &FollowUp::run_review,
      &FollowUp::run_lead_nudge, &FollowUp::run_update_nudge, &FollowUp::run_digest};
  static_assert(static_cast<std::size_t>(Work::Kind::digest) == kRunners.size() - 1);
  (this->*kRunners.at(static_cast<std::size_t>(work.kind)))(work, batch);
}

void FollowUp::run_heads_up(const Work& work, Batch& batch) {
  const ActionItem& item = *work.item;
  if (!store_.reminders().record(action_ref(item.number), log_kind::kHeadsUp, work.due)) return;
  // Caught up only after the item was already late (Scribe was down): the
  // overdue reminder says it all; a heads-up now would be out of date.
  if (batch.now >= work.start || !work.incident) return;
  batch.direct(work.incident->platform, item.owner,
               "\xE2\x8F\xB3 Heads-up: " + action_ref(item.number) + " is due " +
                   format_date(*item.due) + " (late from " +
                   format_date_time(work.start, work.zone) + "): " + item.description + " (" +
                   incident_name(item.incident, work.incident) + "). " + done_hint(item, options_.web_base_url));
}

void FollowUp::run_overdue(const Work& work, Batch& batch) {
  const ActionItem& item = *work.item;
  const std::string key = action_ref(item.number);
  auto& log = store_.reminders();
  const ReminderPolicy& policy = options_.reminders;
  // Recorded on its slot of the fixed grid, so the next one stays a whole
  // period after the previous slot even when this check ran late.
  const Instant slot = latest_slot(work.start, policy.remind_every, batch.now);
  if (!log.record(key, log_kind::kOverdue, slot)) return;
  if (!work.incident) return;  // an item of a vanished incident: nowhere to say it
  const Incident& inc = *work.incident;
  const int unanswered = log.count(key, log_kind::kOverdue) - 1;
  // Escalation happens once per item: after it, the owner alone is reminded.
  const bool escalate = policy.escalate_after > 0 && unanswered >= policy.escalate_after &&
                        log.count(key, log_kind::kEscalation) == 0 &&
                        log.record(key, log_kind::kEscalation, slot);
  const std::int64_t days = std::max<std::int64_t>(1, days_overdue(item, batch.now, work.zone));

  batch.direct(
      inc.platform, item.owner,
      "\xE2\x8F\xB0 " + key + " is " + days_text(days) + " overdue: " + item.description + " (" +
          incident_name(item.incident, work.incident) + ", due " + format_date(*item.due) + "). " +
          done_hint(item, options_.web_base_url) +
          (escalate ? " The lead of " + incident_ref(inc.number) + " has been told too." : ""));
  if (!escalate) return;

  const std::string lead = responsible(inc);
  const std::string text =
      "\xE2\x9A\xA0\xEF\xB8\x8F " + key + " for " + mention(item.owner) + " is " + days_text(days) +
      " overdue and " + std::to_string(unanswered) +
      " reminders went unanswered: " + item.description + " (due " + format_date(*item.due) +
      "). " + mention(lead) + ", as lead of " + incident_ref(inc.number) +
      ", please help get it done or re-planned. Anyone can close it with `/incident done " + key +
      "`.";
  if (!lead.empty() && lead != item.owner) batch.direct(inc.platform, lead, text);
  if (!inc.channel.empty()) batch.post(inc.platform, inc.channel, text, {item.owner, lead});
}

void FollowUp::run_update_nudge(const Work& work, Batch& batch) {
  const Incident& inc = *work.incident;
  if (!store_.reminders().record(incident_ref(inc.number), log_kind::kUpdateNudge, batch.now))
    return;
  const std::string head = "\xE2\x8F\xB0 " + incident_ref(inc.number) + " (" + severity_label(inc) +
                           "): nothing added to the timeline for " +
                           minutes_text(batch.now - work.since) + ". ";
  const std::string how =
      "post an update with `/incident note <what changed>` or a milestone like "
      "`/incident mitigated`, or `/incident snooze 30m` if there is nothing to say.";
  if (inc.lead.empty()) {
    batch.post(inc.platform, inc.channel,
               head + "Nobody leads it: take it with `/incident lead @you`, then " + how);
    return;
  }
  batch.post(inc.platform, inc.channel, head + mention(inc.lead) + ", " + how, {inc.lead});
}

void FollowUp::run_lead_nudge(const Work& work, Batch& batch) {
  const Incident& inc = *work.incident;
  if (!store_.reminders().record(incident_ref(inc.number), log_kind::kLeadNudge, batch.now)) return;
  batch.post(inc.platform, inc.channel,
             "\xF0\x9F\x91\xA4 " + incident_ref(inc.number) + " has had no lead for " +
                 minutes_text(batch.now - work.since) +
                 ". Someone take it with `/incident lead @you`, or name one with "
                 "`/incident lead @name`.");
}

void FollowUp::run_review(const Work& work, Batch& batch) {
  const Incident& inc = *work.incident;
  const std::string ref = incident_ref(inc.number);
  const Instant slot = latest_slot(work.start, options_.reminders.remind_every, batch.now);
  if (!store_.reminders().record(ref, log_kind::kReview, slot)) return;
  const std::string to = responsible(inc);
  if (to.empty()) return;
  const auto days = std::chrono::floor<std::chrono::days>(batch.now - *inc.closed_at).count();
  batch.direct(inc.platform, to,
               "\xF0\x9F\x93\x9D The postmortem of " + incident_name(inc.number, inc) +
                   " needs a full review (" + work.reason + ") and has no reviewer " +
                   days_text(days) + " after it closed. Name one with `/incident reviewer @name " +
                   ref + "`.");
}

void FollowUp::run_digest(const Work&, Batch& batch) {
  const DigestSchedule& schedule = options_.digest_schedule;
  // Recorded on the scheduled occurrence, so a late check still counts as that week's.
  const Instant occurrence =
      latest_weekly(batch.now, schedule.weekday, schedule.time_of_day, options_.zone);
  if (!store_.reminders().record(kDigestKey, log_kind::kDigest, occurrence)) return;
  // The same review `scribe actions --digest` prints.
  batch.post(schedule.platform, schedule.channel, digest(batch.now));
}

}  // namespace scribe::core
