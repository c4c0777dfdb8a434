// Exponential backoff with jitter for reconnect loops and retries.
//
// The un-jittered delay grows initial, initial*multiplier, … capped at max. The
// jitter fraction j then takes a random share off it: the delay is drawn
// uniformly from [base*(1-j), base].
//   j = 1.0  "full jitter": uniform in [0, base]. Spreads a crowd of clients
//            best (AWS architecture blog, "Exponential Backoff And Jitter").
//   j = 0.5  "equal jitter": uniform in [base/2, base]. Never retries almost at
//            once, still spreads. The default here.
//   j = 0    no jitter: exactly base (tests, or a single client).
// A fixed seed makes the sequence reproducible (tests); without one the seed
// comes from std::random_device.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace scribe::net {

struct BackoffOptions {
  std::chrono::milliseconds initial{500};
  std::chrono::milliseconds max{30'000};
  double multiplier = 2.0;  // >= 1
  double jitter = 0.5;      // fraction in [0, 1], see above
  std::optional<std::uint64_t> seed{};
};

class Backoff {
 public:
  explicit Backoff(BackoffOptions options = {});

  // The wait before the next attempt; each call grows the base.
  std::chrono::milliseconds next();
  // After a success: the next wait starts again from `initial`. The random
  // sequence is not rewound.
  void reset();
  // next() calls since construction or the last reset().
  int attempts() const { return attempts_; }
  const BackoffOptions& options() const { return options_; }

 private:
  BackoffOptions options_;
  double base_ms_;
  int attempts_ = 0;
  std::mt19937_64 rng_;
};

}  // namespace scribe::net
