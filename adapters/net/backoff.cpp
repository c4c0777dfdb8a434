// Backoff: the sequence is computed in doubles and drawn from mt19937_64 with a
// hand-made [0,1) mapping, so a seed gives the same waits on every platform
// (std::uniform_real_distribution is implementation-defined).
#include "adapters/net/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace scribe::net {

Backoff::Backoff(BackoffOptions options)
    : options_(options),
      base_ms_(static_cast<double>(options.initial.count())),
      rng_(options.seed ? *options.seed : std::random_device{}()) {
  options_.multiplier = std::max(1.0, options_.multiplier);
  options_.jitter = std::clamp(options_.jitter, 0.0, 1.0);
  if (options_.max < options_.initial) options_.max = options_.initial;
}

std::chrono::milliseconds Backoff::next() {
  const double max_ms = static_cast<double>(options_.max.count());
  const double base = std::min(base_ms_, max_ms);
  const double unit = static_cast<double>(rng_() >> 11) * 0x1.0p-53;  // uniform in [0, 1)
  const double delay = base * (1.0 - options_.jitter * unit);
  base_ms_ = std::min(base * options_.multiplier, max_ms);
  ++attempts_;
  return std::chrono::milliseconds(static_cast<long long>(std::llround(delay)));
}

void Backoff::reset() {
  base_ms_ = static_cast<double>(options_.initial.count());
  attempts_ = 0;
}

}  // namespace scribe::net
