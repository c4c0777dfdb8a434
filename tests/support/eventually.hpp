// Waiting for something another thread (a fake server, the real binary) will
// do: the one polling loop the tests use, always with a deadline.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace scribe::test {

// Polls `condition` until it holds (true) or `timeout` passes (false).
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace scribe::test
