#include "bot/app/serve_metrics.hpp"

namespace scribe::app {

namespace {

// What every platform counts, exported the same way.
void collect(metrics::ScribeMetrics& m, std::string_view p, const chat::BotStats& s) {
  m.events_deduplicated(p).advance_to(static_cast<double>(s.duplicates));
  m.reconnects(p).advance_to(static_cast<double>(s.reconnects));
  m.rate_limit_waits(p).advance_to(static_cast<double>(s.rate_limit_waits));
  const net::OutboundQueueStats& q = s.outbound;
  m.outbound_sent(p).advance_to(static_cast<double>(q.sent));
  m.outbound_failed(p).advance_to(static_cast<double>(q.permanent_failures));
  m.outbound_refused(p).advance_to(static_cast<double>(q.rejected_full + q.rejected_closed));
  m.outbound_queue_depth(p).set(static_cast<double>(q.depth));
}

}  // namespace

void collect(metrics::Registry& r, const signals::SignalStats& s) {
  for (const auto& [source, n] : s.sources) {
    const metrics::Labels labels{{"source", source}};
    r.counter("scribe_signals_received_total",
              "Signals in authenticated, well-formed webhook requests.", labels)
        .advance_to(static_cast<double>(n.received));
    r.counter("scribe_signals_accepted_total",
              "Signals new to Scribe, committed before the sender got its answer.", labels)
        .advance_to(static_cast<double>(n.accepted));
    r.counter("scribe_signals_duplicates_total",
              "Signals seen before (re-sent groups, retried deliveries): nothing changed.", labels)
        .advance_to(static_cast<double>(n.duplicates));
  }
  for (const auto& [reason, count] : s.refused)
    r.counter("scribe_signals_refused_total",
              "Webhook requests refused, by reason; nothing of them was stored.",
              {{"reason", reason}})
        .advance_to(static_cast<double>(count));
}

// The bots count on their own; /metrics reads their totals when scraped.
void collect(metrics::ScribeMetrics& m, const slack::SlackBot::Stats& s) {
  const std::string_view p = "slack";
  m.events_received(p).advance_to(static_cast<double>(s.envelopes));
  m.events_applied(p).advance_to(static_cast<double>(s.applied));
  m.acks(p).advance_to(static_cast<double>(s.acks));
  collect(m, p, static_cast<const chat::BotStats&>(s));
}

void collect(metrics::ScribeMetrics& m, const matrix::MatrixBot::Stats& s) {
  const std::string_view p = "matrix";
  // Matrix has no acks: an event counts as received when a sync delivers it.
  m.events_received(p).advance_to(static_cast<double>(s.events + s.duplicates));
  m.events_applied(p).advance_to(static_cast<double>(s.events));
  collect(m, p, static_cast<const chat::BotStats&>(s));
}

}  // namespace scribe::app
