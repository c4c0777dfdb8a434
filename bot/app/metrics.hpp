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

// The metrics Scribe exports. Per-platform series carry a `platform` label
// ("slack", "matrix", "console").
class ScribeMetrics {
 public:
  explicit ScribeMetrics(Registry& registry);

  // Platform events read off the wire (before dedup).
  Counter& events_received(std::string_view platform);
  // Events whose effect was committed.
  Counter& events_applied(std::string_view platform);
  // Events dropped because the ledger had applied them already (redeliveries).
  Counter& events_deduplicated(std::string_view platform);
  // Slack Socket Mode envelope acks sent.
  Counter& acks(std::string_view platform);
  // Connections (re)established after a drop or a disconnect request.
  Counter& reconnects(std::string_view platform);
  // Times an outbound call waited for a rate limit (HTTP 429, M_LIMIT_EXCEEDED).
  Counter& rate_limit_waits(std::string_view platform);
  // Outbound messages queued and not yet sent.
  Gauge& outbound_queue_depth(std::string_view platform);
  // Outbound jobs sent, skipped for good (the platform refused them), and
  // refused by the queue (full, or pushed while stopping).
  Counter& outbound_sent(std::string_view platform);
  Counter& outbound_failed(std::string_view platform);
  Counter& outbound_refused(std::string_view platform);
  // Time from receiving an envelope to acking it (commit included), in seconds.
  Histogram& ack_latency(std::string_view platform);

  // Incidents declared and not yet resolved; action items past due, not done.
  Gauge& open_incidents() { return open_incidents_; }
  Gauge& overdue_action_items() { return overdue_action_items_; }

  Registry& registry() { return registry_; }

 private:
  Registry& registry_;
  Gauge& open_incidents_;
  Gauge& overdue_action_items_;
};

// Sets open_incidents and overdue_action_items from the store. `zone_of` gives
// an owner's zone (IncidentEngine::zone_of), `now_ms` the clock (epoch ms).
void refresh_store_gauges(ScribeMetrics& metrics, core::Store& store,
                          const std::function<std::string(const std::string&)>& zone_of,
                          std::int64_t now_ms);

}  // namespace scribe::app::metrics
