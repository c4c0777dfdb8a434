// FollowUp's scheduling: what work is pending, and running it in order.
// The work itself (what each reminder says) is in follow_up_run.cpp.
#include "bot/core/follow_up.hpp"

#include <algorithm>
#include <tuple>

#include "bot/core/digest.hpp"
#include "bot/core/follow_up_work.hpp"
#include "bot/core/postmortem.hpp"
#include "bot/core/time.hpp"

namespace scribe::core {

FollowUp::FollowUp(Store& store, FollowUpOptions options)
    : store_(store), options_(std::move(options)) {}

std::string FollowUp::zone_of(const std::string& user) const {
  return person_zone(options_.people_zones, options_.zone, user);
}

bool FollowUp::serves(const std::string& platform) const {
  return options_.platforms.empty() || options_.platforms.contains(platform);
}

std::vector<FollowUp::Work> FollowUp::pending() {
  std::vector<Work> out;
  const auto incidents = store_.incidents().list(true);
  std::map<std::int64_t, const Incident*> by_number;
  for (const auto& inc : incidents) by_number[inc.number] = &inc;
  for (const auto& item : store_.actions().list_all(false)) {
    const auto it = by_number.find(item.incident);
    // An item is reminded on its incident's platform; without one, nowhere.
    if (it == by_number.end() || !serves(it->second->platform)) continue;
    plan_item(item, it->second, out);
  }
  for (const auto& inc : incidents) {
    if (!serves(inc.platform)) continue;
    if (inc.status == IncidentStatus::open) plan_nudges(inc, out);
    if (inc.status == IncidentStatus::closed) plan_review(inc, out);
  }
  plan_digest(incidents, out);
  std::stable_sort(out.begin(), out.end(), [](const Work& a, const Work& b) {
    return std::tie(a.due, a.kind) < std::tie(b.due, b.kind);
  });
  return out;
}

void FollowUp::plan_item(const ActionItem& item, const Incident* incident, std::vector<Work>& out) {
  if (!item.due || item.done_at) return;
  Work work;
  work.item = item;
  if (incident != nullptr) work.incident = *incident;
  work.zone = zone_of(item.owner);
  work.start = end_of_day(*item.due, work.zone);
  const std::string key = action_ref(item.number);
  auto& log = store_.reminders();
  const auto last_reminder = log.last(key, log_kind::kOverdue);

  const Millis before = options_.reminders.heads_up_before;
  // An item assigned within that last stretch needs no heads-up: being named
  // when it was created was the notice.
  if (before > Millis{0} && item.created_at < work.start - before && !last_reminder &&
      log.count(key, log_kind::kHeadsUp) == 0) {
    Work heads_up = work;
    heads_up.kind = Work::Kind::heads_up;
    heads_up.due = work.start - before;
    out.push_back(std::move(heads_up));
  }
  work.kind = Work::Kind::overdue;
  work.due = next_slot(work.start, options_.reminders.remind_every, item.created_at, last_reminder);
  out.push_back(std::move(work));
}

void FollowUp::plan_nudges(const Incident& inc, std::vector<Work>& out) {
  // Nudges are said in the incident's channel; until the adapter has made it there is none.
  if (inc.channel.empty()) return;
  const std::string key = incident_ref(inc.number);
  auto& log = store_.reminders();
  const auto timeline = store_.timeline().list(inc.number);

  // Activity is when something was added, not the (possibly backdated) time it names.
  Instant last_activity = inc.declared_at;
  Instant leaderless_since = inc.declared_at;
  for (const auto& entry : timeline) {
    last_activity = std::max(last_activity, entry.recorded_at);
    if (entry.kind == EntryKind::lead)
      leaderless_since = std::max(leaderless_since, entry.recorded_at);
  }

  if (const Millis period = update_after(options_.nudges, inc.severity); period > Millis{0}) {
    Work work;
    work.kind = Work::Kind::update_nudge;
    work.incident = inc;
    work.since = last_activity;
    Instant from = last_activity;
    if (const auto last = log.last(key, log_kind::kUpdateNudge)) from = std::max(from, *last);
    work.due = from + period;
    if (inc.snoozed_until && *inc.snoozed_until > work.due) work.due = *inc.snoozed_until;
    out.push_back(std::move(work));
  }

  const Millis lead_after = options_.nudges.lead_after;
  if (lead_after > Millis{0} && inc.lead.empty()) {
    // One nudge per spell without a lead: a new spell starts when someone steps down.
    const auto last = log.last(key, log_kind::kLeadNudge);
    if (!last || *last < leaderless_since) {
      Work work;
      work.kind = Work::Kind::lead_nudge;
      work.incident = inc;
      work.since = leaderless_since;
      work.due = leaderless_since + lead_after;
      out.push_back(std::move(work));
    }
  }
}

void FollowUp::plan_review(const Incident& inc, std::vector<Work>& out) {
  const Millis after = options_.postmortem.review_reminder_after;
  if (after <= Millis{0} || !inc.closed_at || !inc.reviewers.empty()) return;
  const auto requirement = postmortem_requirement(
      inc, compute_figures(inc, store_.timeline().list(inc.number)), options_.postmortem);
  if (!requirement.required) return;
  Work work;
  work.kind = Work::Kind::review;
  work.incident = inc;
  work.reason = requirement.reason;
  work.start = *inc.closed_at + after;
  work.due = next_slot(work.start, options_.reminders.remind_every, std::nullopt,
                       store_.reminders().last(incident_ref(inc.number), log_kind::kReview));
  out.push_back(std::move(work));
}

void FollowUp::plan_digest(const std::vector<Incident>& incidents, std::vector<Work>& out) {
  const DigestSchedule& schedule = options_.digest_schedule;
  if (schedule.channel.empty() || incidents.empty() || !serves(schedule.platform)) return;
  // The first digest is the first one after Scribe saw its first incident:
  // a fresh install does not open with a review of nothing.
  Instant from = incidents.front().declared_at;
  for (const auto& inc : incidents) from = std::min(from, inc.declared_at);
  if (const auto last = store_.reminders().last(kDigestKey, log_kind::kDigest))
    from = std::max(from, *last);
  Work work;
  work.kind = Work::Kind::digest;
  work.due = next_weekly(from, schedule.weekday, schedule.time_of_day, options_.zone);
  out.push_back(std::move(work));
}

std::optional<Instant> FollowUp::next_due() {
  // Reads only, outside a transaction: a transaction would take the write
  // lock, and an answer a moment stale costs nothing (run_due decides afresh).
  const auto work = pending();
  if (work.empty()) return std::nullopt;
  return work.front().due;
}

std::vector<ScheduledEffect> FollowUp::run_due(Instant now) {
  Batch batch;
  batch.now = now;
  store_.transaction([&] {
    for (const auto& work : pending()) {
      if (work.due > now) break;  // sorted by due
      run(work, batch);
    }
  });
  return std::move(batch.effects);
}

std::vector<ScheduledEffect> FollowUp::run_through(Instant until,
                                                   std::optional<Instant> not_before) {
  std::vector<ScheduledEffect> all;
  std::optional<Instant> ran_at;
  while (const auto next = next_due()) {
    if (*next > until) break;
    const Instant at = not_before ? std::max(*next, *not_before) : *next;
    // Everything due at or before a run is done by it; work still due then
    // would only run again and again, so stop rather than spin.
    if (ran_at && at <= *ran_at) break;
    auto effects = run_due(at);
    all.insert(all.end(), std::make_move_iterator(effects.begin()),
               std::make_move_iterator(effects.end()));
    ran_at = at;
  }
  return all;
}

std::string FollowUp::digest(Instant now) {
  DigestInput input;
  input.items = store_.actions().list_all(true);
  input.now = now;
  input.zone = options_.zone;
  input.owner_zone = [this](const std::string& user) { return zone_of(user); };
  input.policy = options_.digest;
  input.web_base_url = options_.web_base_url;
  return weekly_digest(input);
}

}  // namespace scribe::core
