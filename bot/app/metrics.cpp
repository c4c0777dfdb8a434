#include "bot/app/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "bot/core/action_items.hpp"
#include "bot/core/repositories.hpp"

namespace scribe::app::metrics {
namespace {

bool valid_name(std::string_view name, bool is_label) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!is_label && c == ':');
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  // Names starting with __ are reserved for Prometheus itself.
  return !(is_label && name.starts_with("__"));
}

void add_atomic(std::atomic<double>& a, double v) {
  double old = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(old, old + v, std::memory_order_relaxed)) {
  }
}

void append_labels(std::string& out, const Labels& labels, const std::string* le = nullptr) {
  if (labels.empty() && le == nullptr) return;
  out += '{';
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    out += escape_label_value(v);
    out += '"';
  }
  if (le != nullptr) {
    if (!first) out += ',';
    out += "le=\"";
    out += *le;
    out += '"';
  }
  out += '}';
}

void append_sample(std::string& out, std::string_view name, const Labels& labels, double value,
                   const std::string* le = nullptr) {
  out += name;
  append_labels(out, labels, le);
  out += ' ';
  out += format_value(value);
  out += '\n';
}

}  // namespace

std::string format_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == 0) return "0";  // also -0
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
  if (ec != std::errc{}) return "NaN";
  return std::string(buf, end);
}

namespace {

// Backslash and newline escaped, and the double quote where `quotes`.
std::string escaped(std::string_view v, bool quotes) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || (quotes && c == '"')) out += '\\';
    if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view v) {
  return escaped(v, true);
}

std::string escape_help(std::string_view v) {
  return escaped(v, false);
}

void Counter::inc(double v) {
  if (!(v >= 0)) return;  // also NaN
  add_atomic(value_, v);
}

void Counter::advance_to(double total) {
  double current = value_.load(std::memory_order_relaxed);
  while (total > current && !value_.compare_exchange_weak(current, total)) {
  }
}

void Gauge::inc(double v) {
  add_atomic(value_, v);
}

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  if (!std::is_sorted(bounds_.begin(), bounds_.end()) ||
      std::adjacent_find(bounds_.begin(), bounds_.end()) != bounds_.end())
    throw std::logic_error("histogram bucket bounds must be strictly ascending");
  if (!bounds_.empty() && std::isinf(bounds_.back()) && bounds_.back() > 0) bounds_.pop_back();
  counts_.assign(bounds_.size() + 1, 0);
}

void Histogram::observe(double v) {
  if (std::isnan(v)) return;
  // The first bucket whose upper bound is >= v (bounds are inclusive: le).
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  std::lock_guard lock(mutex_);
  ++counts_[static_cast<std::size_t>(at)];
  sum_ += v;
  ++count_;
}

Histogram::Snapshot Histogram::snapshot() const {
  std::lock_guard lock(mutex_);
  Snapshot s;
  s.cumulative.reserve(counts_.size());
  std::uint64_t running = 0;
  for (auto c : counts_) {
    running += c;
    s.cumulative.push_back(running);
  }
  s.sum = sum_;
  s.count = count_;
  return s;
}

std::vector<double> default_seconds_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Registry::Family& Registry::family(const std::string& name, const std::string& help, Type type,
                                   const Labels& labels, const std::vector<double>* bounds) {
  if (auto found = by_name_.find(name); found != by_name_.end()) {
    Family& f = *found->second;
    if (f.type != type) throw std::logic_error("metric " + name + " registered with another type");
    if (bounds != nullptr && f.bounds != *bounds)
      throw std::logic_error("histogram " + name + " registered with other buckets");
    for (const auto& [k, v] : labels)
      if (!valid_name(k, true)) throw std::logic_error("invalid label name `" + k + "`");
    return f;
  }
  if (!valid_name(name, false)) throw std::logic_error("invalid metric name `" + name + "`");
  for (const auto& [k, v] : labels) {
    if (!valid_name(k, true) || (type == Type::histogram && k == "le"))
      throw std::logic_error("invalid label name `" + k + "`");
  }
  auto f = std::make_unique<Family>();
  f->name = name;
  f->help = help;
  f->type = type;
  if (bounds != nullptr) f->bounds = *bounds;
  Family& ref = *f;
  by_name_.emplace(name, &ref);
  families_.push_back(std::move(f));
  return ref;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Type::counter, labels, nullptr).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  auto& slot = family(name, help, Type::gauge, labels, nullptr).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const std::vector<double>& bounds, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Family& f = family(name, help, Type::histogram, labels, &bounds);
  auto& slot = f.histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(f.bounds);
  return *slot;
}

void Registry::on_collect(std::function<void()> hook) {
  std::lock_guard lock(mutex_);
  hooks_.push_back(std::move(hook));
}

std::string Registry::render() {
  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard lock(mutex_);
    hooks = hooks_;
  }
  for (const auto& hook : hooks) {
    try {
      hook();
    } catch (...) {
      // A failing source (say, a locked database) leaves its gauges as they were.
    }
  }

  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& f : families_) {
    out += "# HELP " + f->name + " " + escape_help(f->help) + "\n";
    switch (f->type) {
      case Type::counter:
        out += "# TYPE " + f->name + " counter\n";
        for (const auto& [labels, c] : f->counters) append_sample(out, f->name, labels, c->value());
        break;
      case Type::gauge:
        out += "# TYPE " + f->name + " gauge\n";
        for (const auto& [labels, g] : f->gauges) append_sample(out, f->name, labels, g->value());
        break;
      case Type::histogram: {
        out += "# TYPE " + f->name + " histogram\n";
        for (const auto& [labels, h] : f->histograms) {
          const auto snap = h->snapshot();
          const std::string bucket = f->name + "_bucket";
          for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
            const std::string le =
                i < f->bounds.size() ? format_value(f->bounds[i]) : std::string("+Inf");
            append_sample(out, bucket, labels, static_cast<double>(snap.cumulative[i]), &le);
          }
          append_sample(out, f->name + "_sum", labels, snap.sum);
          append_sample(out, f->name + "_count", labels, static_cast<double>(snap.count));
        }
        break;
      }
    }
  }
  return out;
}

// --- Scribe's own metrics ---------------------------------------------------


ScribeMetrics::ScribeMetrics(Registry& registry)
    : registry_(registry),
      open_incidents_(
          registry.gauge("scribe_open_incidents", "Incidents declared and not yet resolved.")),
      overdue_action_items_(registry.gauge("scribe_overdue_action_items",
                                           "Action items past their due date and not done.")) {
#ifdef SCRIBE_VERSION
  registry
      .gauge("scribe_build_info", "Always 1; the version label names the running build.",
             {{"version", SCRIBE_VERSION}})
      .set(1);
#endif
}

void refresh_store_gauges(ScribeMetrics& metrics, core::Store& store,
                          const std::function<std::string(const std::string&)>& zone_of,
                          std::int64_t now_ms) {
  std::int64_t open = 0;
  for (const auto& incident : store.incidents().list(false))
    if (incident.status == core::IncidentStatus::open) ++open;
  const core::Instant now{core::Millis(now_ms)};
  std::int64_t overdue = 0;
  for (const auto& item : store.actions().list_all(false))
    if (core::is_overdue(item, now, zone_of(item.owner))) ++overdue;
  metrics.open_incidents().set(static_cast<double>(open));
  metrics.overdue_action_items().set(static_cast<double>(overdue));
}

}  // namespace scribe::app::metrics
