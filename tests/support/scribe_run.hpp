// The real `scribe run` for integration tests: a temp data directory, a config
// file (`data_dir` filled in, the rest from the test), the background process,
// its logs, and `scribe draft` against the same database afterwards.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/background_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace scribe::test {

class ScribeRun {
 public:
  // `config` is the TOML after `timezone`/`data_dir` (e.g. "[slack]\n...").
  explicit ScribeRun(const std::string& config = "");

  void configure(const std::string& config);  // rewrites the config file
  void start();
  // SIGTERM, then the exit code (nullopt: still running after `timeout`).
  std::optional<int> stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // SIGTERM, then how it ended and how long that took (code nullopt: still
  // running after `timeout`).
  struct Ending {
    std::optional<int> code;
    std::chrono::steady_clock::duration took{};
  };
  Ending terminate(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  std::string logs() const;
  // Waits until the logs contain `text`; false if they do not within `timeout`.
  bool logged(const std::string& text,
              std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // The draft (with its transcript appendix) `scribe draft` writes for `incident`.
  std::string draft(int incident);

  TempDir dir;
  std::string config_path;
  std::unique_ptr<BackgroundProcess> process;
};

// Occurrences of `what` in `text`.
std::size_t count_of(const std::string& text, const std::string& what);

}  // namespace scribe::test
