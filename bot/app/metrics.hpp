// Prometheus metrics: a small registry (counters, gauges, histograms with fixed
// buckets) rendered in the text exposition format 0.0.4, and the named metrics
// Scribe exports on GET /metrics (docs/operations.md lists them).
//
// Values are atomics and the registry is guarded by a mutex, so recording from
// any thread is safe; Scribe records from its one io_context thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <type_traits>
#include <vector>

namespace scribe::core {
class Store;
}

namespace scribe::app::metrics {

// Label name -> value, e.g. {{"platform", "slack"}}. Rendered sorted by name.
using Labels = std::map<std::string, std::string>;

inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

class Counter {
 public:
  // Adds `v` (must not be negative: a counter only goes up; negative is ignored).
  void inc(double v = 1);
  // Raises the value to `total` (a count kept elsewhere); never lowers it.
  void advance_to(double total);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void inc(double v = 1);
  void dec(double v = 1) { inc(-v); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds`: the upper bounds of the buckets, ascending; +Inf is implied.
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::vector<double> bounds_;
  mutable std::mutex mutex_;
  std::vector<std::uint64_t> counts_;  // per bucket (not cumulative), then +Inf
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

// The bucket bounds of Prometheus' client libraries, in seconds.
std::vector<double> default_seconds_buckets();

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Returns the series with these labels, creating family and series on first
  // use. A name is one type for good: asking for it as another type, or a
  // histogram with other buckets, throws std::logic_error; so does a name or
  // label name that Prometheus would refuse. References stay valid for the
  // registry's lifetime.
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help,
                       const std::vector<double>& bounds, const Labels& labels = {});

  // Runs before every render(): the place to refresh gauges read from elsewhere
  // (e.g. counts from the database). A hook that throws is skipped, not fatal.
  void on_collect(std::function<void()> hook);

  // The whole registry in the text exposition format: families in the order
  // they were first registered, series sorted by labels, `# HELP` and `# TYPE`
  // before each family, one sample per line, a final newline.
  std::string render();

 private:
  enum class Type { counter, gauge, histogram };
  struct Family {
    std::string name;
    std::string help;
    Type type;
    std::vector<double> bounds;  // histograms
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
  };
  Family& family(const std::string& name, const std::string& help, Type type, const Labels& labels,
                 const std::vector<double>* bounds);

  std::mutex mutex_;
  std::vector<std::unique_ptr<Family>> families_;  // registration order
  std::map<std::string, Family*, std::less<>> by_name_;
  std::vector<std::function<void()>> hooks_;
};

// Text exposition helpers (exposed for tests).
std::string format_value(double v);                  // 3, 0.25, +Inf, -Inf, NaN
std::string escape_label_value(std::string_view v);  // \ " newline
std::string escape_help(std::string_view v);         // \ newline

// One metric family with a `platform` label, used like a function:
// metrics.events_received("slack").inc().
template <class Metric>
class PerPlatform {
 public:
  PerPlatform(Registry& registry, std::string name, std::string help,
              std::vector<double> buckets = {})
      : registry_(registry),
        name_(std::move(name)),
        help_(std::move(help)),
        buckets_(std::move(buckets)) {}

  Metric& operator()(std::string_view platform) const {
    Labels labels{{"platform", std::string(platform)}};
    if constexpr (std::is_same_v<Metric, Counter>)
      return registry_.counter(name_, help_, std::move(labels));
    else if constexpr (std::is_same_v<Metric, Gauge>)
      return registry_.gauge(name_, help_, std::move(labels));
    else
      return registry_.histogram(name_, help_, buckets_, std::move(labels));
  }

 private:
  Registry& registry_;
  std::string name_;
  std::string help_;
  std::vector<double> buckets_;
};

// The metrics Scribe exports. Per-platform series carry a `platform` label
// ("slack", "matrix", "console"); docs/operations.md lists them.
class ScribeMetrics {
 public:
  explicit ScribeMetrics(Registry& registry);

  // Incidents declared and not yet resolved; action items past due, not done.
  Gauge& open_incidents() { return open_incidents_; }
  Gauge& overdue_action_items() { return overdue_action_items_; }

  Registry& registry() { return registry_; }

 private:
  Registry& registry_;
  Gauge& open_incidents_;
  Gauge& overdue_action_items_;

 public:
  const PerPlatform<Counter> events_received{registry_, "scribe_events_received_total",
                                             "Platform events received, before deduplication."};
  const PerPlatform<Counter> events_applied{
      registry_, "scribe_events_applied_total",
      "Platform events whose effect was committed to storage."};
  const PerPlatform<Counter> events_deduplicated{
      registry_, "scribe_events_deduplicated_total",
      "Platform events skipped because they had been applied before."};
  const PerPlatform<Counter> acks{registry_, "scribe_acks_total",
                                  "Socket Mode envelopes acknowledged."};
  const PerPlatform<Counter> reconnects{
      registry_, "scribe_reconnects_total",
      "Connections re-established after a drop or a disconnect request."};
  const PerPlatform<Counter> rate_limit_waits{
      registry_, "scribe_rate_limit_waits_total",
      "Times an outbound call waited because the platform rate-limited it."};
  const PerPlatform<Gauge> outbound_queue_depth{registry_, "scribe_outbound_queue_depth",
                                                "Outbound messages queued and not yet sent."};
  const PerPlatform<Counter> outbound_sent{
      registry_, "scribe_outbound_sent_total",
      "Outbound messages, files and channels the platform accepted."};
  const PerPlatform<Counter> outbound_failed{
      registry_, "scribe_outbound_failed_total",
      "Outbound jobs given up because the platform refused them for good."};
  const PerPlatform<Counter> outbound_refused{
      registry_, "scribe_outbound_refused_total",
      "Outbound jobs the queue refused: full, or pushed while stopping."};
  // Receiving an envelope to acking it (commit included), in seconds.
  const PerPlatform<Histogram> ack_latency{
      registry_, "scribe_ack_latency_seconds",
      "Seconds from receiving an envelope to acknowledging it.", default_seconds_buckets()};
};

// Sets open_incidents and overdue_action_items from the store. `zone_of` gives
// an owner's zone (IncidentEngine::zone_of), `now_ms` the clock (epoch ms).
void refresh_store_gauges(ScribeMetrics& metrics, core::Store& store,
                          const std::function<std::string(const std::string&)>& zone_of,
                          std::int64_t now_ms);

}  // namespace scribe::app::metrics
