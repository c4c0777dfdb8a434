#include "bot/app/metrics.hpp"

#include <catch2/catch.hpp>
#include <limits>
#include <stdexcept>

#include "storage/sqlite_store.hpp"

using namespace scribe::app::metrics;

TEST_CASE("an empty registry renders nothing", "[metrics]") {
  Registry r;
  CHECK(r.render().empty());
}

TEST_CASE("counters and gauges render HELP, TYPE and one sample per series", "[metrics]") {
  Registry r;
  auto& a = r.counter("scribe_events_received_total", "Events received.", {{"platform", "slack"}});
  auto& b = r.counter("scribe_events_received_total", "Events received.", {{"platform", "matrix"}});
  auto& q = r.gauge("scribe_queue", "Queued.");
  a.inc();
  a.inc(2);
  b.inc();
  a.inc(-5);  // a counter never goes down
  q.set(7);
  q.dec(2.5);
  CHECK(r.render() ==
        "# HELP scribe_events_received_total Events received.\n"
        "# TYPE scribe_events_received_total counter\n"
        "scribe_events_received_total{platform=\"matrix\"} 1\n"
        "scribe_events_received_total{platform=\"slack\"} 3\n"
        "# HELP scribe_queue Queued.\n"
        "# TYPE scribe_queue gauge\n"
        "scribe_queue 4.5\n");
  // The same name and labels give the same series.
  CHECK(&r.counter("scribe_events_received_total", "Events received.", {{"platform", "slack"}}) ==
        &a);
}

TEST_CASE("label values and help text are escaped", "[metrics]") {
  Registry r;
  r.gauge("g", "Help with \\ and\nnewline \"quotes\" stay.",
          {{"b", "back\\slash"}, {"a", "say \"hi\"\nbye"}})
      .set(1);
  CHECK(r.render() ==
        "# HELP g Help with \\\\ and\\nnewline \"quotes\" stay.\n"
        "# TYPE g gauge\n"
        "g{a=\"say \\\"hi\\\"\\nbye\",b=\"back\\\\slash\"} 1\n");
}

TEST_CASE("values use the shortest exact form and Prometheus' special names", "[metrics]") {
  CHECK(format_value(0) == "0");
  CHECK(format_value(-0.0) == "0");
  CHECK(format_value(42) == "42");
  CHECK(format_value(0.1) == "0.1");
  CHECK(format_value(2.5e-3) == "0.0025");
  CHECK(format_value(1e21) == "1e+21");
  CHECK(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(format_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
}

TEST_CASE("histograms render cumulative buckets, +Inf, sum and count", "[metrics]") {
  Registry r;
  auto& h = r.histogram("scribe_ack_latency_seconds", "Ack latency.", {0.1, 0.5, 1},
                        {{"platform", "slack"}});
  h.observe(0.05);
  h.observe(0.1);  // bounds are inclusive (le)
  h.observe(0.3);
  h.observe(4);
  CHECK(r.render() ==
        "# HELP scribe_ack_latency_seconds Ack latency.\n"
        "# TYPE scribe_ack_latency_seconds histogram\n"
        "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"0.1\"} 2\n"
        "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"0.5\"} 3\n"
        "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"1\"} 3\n"
        "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"+Inf\"} 4\n"
        "scribe_ack_latency_seconds_sum{platform=\"slack\"} 4.45\n"
        "scribe_ack_latency_seconds_count{platform=\"slack\"} 4\n");
}

TEST_CASE("a histogram without labels has only le", "[metrics]") {
  Registry r;
  r.histogram("h", "H.", {1}).observe(2);
  CHECK(r.render() ==
        "# HELP h H.\n# TYPE h histogram\n"
        "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n");
}

TEST_CASE("misuse is refused", "[metrics]") {
  Registry r;
  r.counter("c_total", "C.");
  CHECK_THROWS_AS(r.gauge("c_total", "C."), std::logic_error);
  CHECK_THROWS_AS(r.counter("bad-name", "x"), std::logic_error);
  CHECK_THROWS_AS(r.counter("9lives", "x"), std::logic_error);
  CHECK_THROWS_AS(r.counter("ok_total", "x", {{"bad label", "v"}}), std::logic_error);
  CHECK_THROWS_AS(r.counter("ok_total", "x", {{"__reserved", "v"}}), std::logic_error);
  CHECK_THROWS_AS(r.histogram("h", "x", {1, 0.5}), std::logic_error);
  CHECK_THROWS_AS(r.histogram("h2", "x", {1}, {{"le", "1"}}), std::logic_error);
  r.histogram("h3", "x", {1, 2});
  CHECK_THROWS_AS(r.histogram("h3", "x", {1, 3}), std::logic_error);
}

TEST_CASE("collect hooks run before every render, a failing one is skipped", "[metrics]") {
  Registry r;
  auto& g = r.gauge("g", "G.");
  int calls = 0;
  r.on_collect([&] { g.set(++calls); });
  r.on_collect([] { throw std::runtime_error("database is locked"); });
  CHECK(r.render() == "# HELP g G.\n# TYPE g gauge\ng 1\n");
  CHECK(r.render() == "# HELP g G.\n# TYPE g gauge\ng 2\n");
}

TEST_CASE("Scribe's metrics have the documented names and types", "[metrics]") {
  Registry r;
  ScribeMetrics m(r);
  m.events_received("slack").inc();
  m.events_applied("slack").inc();
  m.events_deduplicated("slack").inc();
  m.acks("slack").inc();
  m.reconnects("matrix").inc();
  m.rate_limit_waits("matrix").inc();
  m.outbound_queue_depth("slack").set(3);
  m.ack_latency("slack").observe(0.02);
  m.open_incidents().set(2);
  m.overdue_action_items().set(5);
  const std::string text = r.render();
  for (const char* line : {
           "# TYPE scribe_open_incidents gauge\nscribe_open_incidents 2\n",
           "# TYPE scribe_overdue_action_items gauge\nscribe_overdue_action_items 5\n",
           "# TYPE scribe_events_received_total counter\n"
           "scribe_events_received_total{platform=\"slack\"} 1\n",
           "# TYPE scribe_events_applied_total counter\n",
           "# TYPE scribe_events_deduplicated_total counter\n",
           "# TYPE scribe_acks_total counter\nscribe_acks_total{platform=\"slack\"} 1\n",
           "# TYPE scribe_reconnects_total counter\n"
           "scribe_reconnects_total{platform=\"matrix\"} 1\n",
           "# TYPE scribe_rate_limit_waits_total counter\n",
           "# TYPE scribe_outbound_queue_depth gauge\n"
           "scribe_outbound_queue_depth{platform=\"slack\"} 3\n",
           "# TYPE scribe_ack_latency_seconds histogram\n"
           "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"0.005\"} 0\n"
           "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"0.01\"} 0\n"
           "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"0.025\"} 1\n",
           "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"10\"} 1\n"
           "scribe_ack_latency_seconds_bucket{platform=\"slack\",le=\"+Inf\"} 1\n"
           "scribe_ack_latency_seconds_sum{platform=\"slack\"} 0.02\n"
           "scribe_ack_latency_seconds_count{platform=\"slack\"} 1\n",
           "# TYPE scribe_build_info gauge\nscribe_build_info{version=\"",
       }) {
    INFO(line);
    CHECK_THAT(text, Catch::Contains(line));
  }
}

TEST_CASE("open incidents and overdue items are counted from the store", "[metrics]") {
  using namespace scribe::core;
  scribe::storage::SqliteStore store(":memory:");
  Incident open;
  open.title = "API down";
  open.status = IncidentStatus::open;
  open.platform = "console";
  open.channel = open.channel_name = open.origin_channel = "#inc-1";
  const auto first = store.incidents().create(open);
  Incident resolved = open;
  resolved.status = IncidentStatus::resolved;
  resolved.channel = resolved.channel_name = "#inc-2";
  store.incidents().create(resolved);

  const Instant now = from_epoch_ms(1773331200000);  // 2026-03-12T16:00:00Z
  ActionItem late;
  late.incident = first;
  late.owner = "sam";
  late.description = "Fix the pool";
  late.due = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{3},
                                         std::chrono::day{10}};
  store.actions().add(late);
  ActionItem not_yet = late;
  not_yet.due = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{3},
                                            std::chrono::day{20}};
  store.actions().add(not_yet);
  ActionItem done = late;
  done.done_at = now;
  done.done_by = "sam";
  store.actions().add(done);

  Registry r;
  ScribeMetrics m(r);
  refresh_store_gauges(
      m, store, [](const std::string&) { return std::string("UTC"); }, to_epoch_ms(now));
  CHECK(m.open_incidents().value() == 1);
  CHECK(m.overdue_action_items().value() == 1);
}

TEST_CASE("a counter kept elsewhere is followed up, never down", "[metrics]") {
  Registry r;
  auto& c = r.counter("scribe_x_total", "X.");
  c.advance_to(5);
  CHECK(c.value() == 5);
  c.advance_to(3);  // an older reading must not make a counter go back
  CHECK(c.value() == 5);
  c.inc();
  c.advance_to(9);
  CHECK(c.value() == 9);
}
