// What `scribe run`'s parts count, into /metrics when it is scraped: the
// chat bots, the signals listener (the trackers: TrackerService::collect).
#pragma once

#include "adapters/matrix/matrix_bot.hpp"
#include "adapters/signals/signal_listener.hpp"
#include "adapters/slack/slack_bot.hpp"
#include "bot/app/metrics.hpp"

namespace scribe::app {

void collect(metrics::ScribeMetrics& m, const slack::SlackBot::Stats& s);
void collect(metrics::ScribeMetrics& m, const matrix::MatrixBot::Stats& s);
// Signals by source, refusals by reason.
void collect(metrics::Registry& r, const signals::SignalStats& s);

}  // namespace scribe::app
