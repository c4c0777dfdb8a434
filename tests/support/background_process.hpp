// A program running in the background for a test: the real `scribe run`
// serving a fake Slack, killed with SIGKILL mid-burst or stopped with SIGTERM.
// Its stdout/stderr go to files, readable at any time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace scribe::test {

class BackgroundProcess {
 public:
  // Starts argv[0] (a path) with the arguments; extra `env` entries
  // ("NAME=value") are added to the environment.
  BackgroundProcess(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {},
                    const std::vector<std::string>& env = {});
  ~BackgroundProcess();  // SIGKILLs and reaps a process still running
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool running();
  // Sends `signal` (SIGTERM, SIGKILL, ...); no-op once it has exited.
  void kill(int signal);
  // Waits for the exit; the exit code, -signal when killed by a signal, or
  // nullopt when it is still running after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  std::string out() const;
  std::string err() const;
  // Peak resident set size (VmHWM) in KiB from /proc, 0 once gone.
  long peak_rss_kib() const;

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

}  // namespace scribe::test
