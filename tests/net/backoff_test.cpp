#include <catch2/catch.hpp>

#include <vector>

#include "adapters/net/backoff.hpp"

using namespace std::chrono_literals;
using scribe::net::Backoff;
using scribe::net::BackoffOptions;

TEST_CASE("Backoff without jitter doubles up to the cap", "[net]") {
  Backoff b({.initial = 100ms, .max = 1000ms, .multiplier = 2.0, .jitter = 0.0, .seed = 1});
  std::vector<long> waits;
  for (int i = 0; i < 6; ++i) waits.push_back(b.next().count());
  CHECK(waits == std::vector<long>{100, 200, 400, 800, 1000, 1000});
  CHECK(b.attempts() == 6);
}

TEST_CASE("Backoff reset starts again from the initial wait", "[net]") {
  Backoff b({.initial = 50ms, .max = 10s, .multiplier = 3.0, .jitter = 0.0, .seed = 1});
  b.next();
  b.next();
  CHECK(b.next() == 450ms);
  b.reset();
  CHECK(b.attempts() == 0);
  CHECK(b.next() == 50ms);
}

TEST_CASE("Full jitter stays within [0, base] and actually varies", "[net]") {
  Backoff b({.initial = 1000ms, .max = 1000ms, .multiplier = 2.0, .jitter = 1.0, .seed = 42});
  long low = 1000, high = 0;
  for (int i = 0; i < 200; ++i) {
    const long w = b.next().count();
    REQUIRE(w >= 0);
    REQUIRE(w <= 1000);
    low = std::min(low, w);
    high = std::max(high, w);
  }
  CHECK(low < 200);
  CHECK(high > 800);
}

TEST_CASE("Equal jitter never goes below half the base", "[net]") {
  Backoff b({.initial = 400ms, .max = 6400ms, .multiplier = 2.0, .jitter = 0.5, .seed = 7});
  double base = 400;
  for (int i = 0; i < 8; ++i) {
    const auto w = static_cast<double>(b.next().count());
    CHECK(w >= base / 2 - 1);
    CHECK(w <= base);
    base = std::min(base * 2, 6400.0);
  }
}

TEST_CASE("The same seed gives the same waits", "[net]") {
  BackoffOptions options{
      .initial = 100ms, .max = 30s, .multiplier = 2.0, .jitter = 1.0, .seed = 99};
  Backoff a(options), b(options);
  std::vector<long> wa, wb;
  for (int i = 0; i < 10; ++i) {
    wa.push_back(a.next().count());
    wb.push_back(b.next().count());
  }
  CHECK(wa == wb);
  options.seed = 100;
  Backoff c(options);
  std::vector<long> wc;
  for (int i = 0; i < 10; ++i) wc.push_back(c.next().count());
  CHECK(wc != wa);
}

TEST_CASE("Backoff sanitises nonsense options", "[net]") {
  Backoff b({.initial = 200ms, .max = 10ms, .multiplier = 0.5, .jitter = 7.0, .seed = 3});
  // max below initial is raised to initial; multiplier below 1 becomes 1; jitter is clamped to 1.
  for (int i = 0; i < 5; ++i) {
    const auto w = b.next();
    CHECK(w >= 0ms);
    CHECK(w <= 200ms);
  }
}
