// Sample values and comparisons shared by the storage tests. Each check_same
// compares the whole record with operator== (a field added later cannot be
// forgotten) and field by field too, so a failure names the field.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "bot/core/types.hpp"

namespace scribe::test {

// 2026-03-12T14:31:00Z, the impact time of the classic db-pool incident.
inline constexpr std::int64_t kImpactMs = 1773325860000;

inline core::Instant instant(std::int64_t ms_after_impact) {
  return core::from_epoch_ms(kImpactMs + ms_after_impact);
}

// Every field set, optional ones included, with text SQL could trip over.
inline core::Incident full_incident(const std::string& channel = "C-checkout") {
  core::Incident incident;
  incident.title = "API returning 503s — it's the \"pool\" 🔥";
  incident.severity = core::Severity::p2;
  incident.status = core::IncidentStatus::resolved;
  incident.platform = "slack";
  incident.channel = channel;
  incident.channel_name = "inc-20260312-api-returning-503s-" + channel;
  incident.origin_channel = "C-general";
  incident.declared_by = "U-dana";
  incident.lead = "U-sam";
  incident.declared_at = instant(13 * 60 * 1000);
  incident.closed_at = instant(45 * 60 * 1000);
  incident.summary = "Checkout failed for 40 minutes.\nSecond line.";
  incident.cause = "connection pool exhausted';--";
  incident.affected = {"checkout", "payments", "checkout"};
  incident.whys = {"pool too small", "no alert on pool usage", "load test skipped"};
  incident.reviewers = {"U-alex"};
  incident.snoozed_until = instant(3 * 60 * 60 * 1000);
  return incident;
}

// Only what declaring sets: every optional empty, every list empty.
inline core::Incident bare_incident(const std::string& channel) {
  core::Incident incident;
  incident.title = "bare";
  incident.platform = "console";
  incident.channel = channel;
  incident.channel_name = "inc-bare-" + channel;
  incident.origin_channel = "#general";
  incident.declared_by = "dana";
  incident.declared_at = instant(0);
  return incident;
}

inline void check_same(const core::Incident& got, const core::Incident& want) {
  CHECK(got == want);
  CHECK(got.number == want.number);
  CHECK(got.title == want.title);
  CHECK(got.severity == want.severity);
  CHECK(got.status == want.status);
  CHECK(got.platform == want.platform);
  CHECK(got.channel == want.channel);
  CHECK(got.channel_name == want.channel_name);
  CHECK(got.origin_channel == want.origin_channel);
  CHECK(got.declared_by == want.declared_by);
  CHECK(got.lead == want.lead);
  CHECK(got.declared_at == want.declared_at);
  CHECK(got.closed_at == want.closed_at);
  CHECK(got.summary == want.summary);
  CHECK(got.cause == want.cause);
  CHECK(got.affected == want.affected);
  CHECK(got.whys == want.whys);
  CHECK(got.reviewers == want.reviewers);
  CHECK(got.snoozed_until == want.snoozed_until);
}

inline void check_same(const core::TimelineEntry& got, const core::TimelineEntry& want) {
  CHECK(got == want);
  CHECK(got.id == want.id);
  CHECK(got.incident == want.incident);
  CHECK(got.kind == want.kind);
  CHECK(got.milestone == want.milestone);
  CHECK(got.at == want.at);
  CHECK(got.recorded_at == want.recorded_at);
  CHECK(got.author == want.author);
  CHECK(got.text == want.text);
  CHECK(got.source_message == want.source_message);
  CHECK(got.severity == want.severity);
  CHECK(got.struck_at == want.struck_at);
  CHECK(got.struck_by == want.struck_by);
}

inline void check_same(const core::TranscriptLine& got, const core::TranscriptLine& want) {
  CHECK(got == want);
  CHECK(got.incident == want.incident);
  CHECK(got.message_id == want.message_id);
  CHECK(got.at == want.at);
  CHECK(got.author == want.author);
  CHECK(got.author_name == want.author_name);
  CHECK(got.text == want.text);
  CHECK(got.edited_at == want.edited_at);
}

inline void check_same(const core::ActionItem& got, const core::ActionItem& want) {
  CHECK(got == want);
  CHECK(got.number == want.number);
  CHECK(got.incident == want.incident);
  CHECK(got.owner == want.owner);
  CHECK(got.description == want.description);
  CHECK(got.due == want.due);
  CHECK(got.created_at == want.created_at);
  CHECK(got.created_by == want.created_by);
  CHECK(got.done_at == want.done_at);
  CHECK(got.done_by == want.done_by);
  CHECK(got.suggested == want.suggested);
}

}  // namespace scribe::test
