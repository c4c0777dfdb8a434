#include "tests/support/scribe_run.hpp"

#include <signal.h>

#include <catch2/catch.hpp>
#include <thread>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"

namespace scribe::test {

ScribeRun::ScribeRun(const std::string& config) : config_path((dir / "scribe.toml").string()) {
  configure(config);
}

void ScribeRun::configure(const std::string& config) {
  write_file(config_path,
             "timezone = \"UTC\"\ndata_dir = \"" + (dir / "data").string() + "\"\n" + config);
}

void ScribeRun::start() {
  process = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{scribe_binary(), "run", "--config", config_path}, dir.path());
}

std::optional<int> ScribeRun::stop(std::chrono::milliseconds timeout) {
  process->kill(SIGTERM);
  return process->wait(timeout);
}

ScribeRun::Ending ScribeRun::terminate(std::chrono::milliseconds timeout) {
  const auto before = std::chrono::steady_clock::now();
  Ending ending;
  ending.code = stop(timeout);
  ending.took = std::chrono::steady_clock::now() - before;
  return ending;
}

std::string ScribeRun::logs() const {
  return process ? process->out() + process->err() : "";
}

bool ScribeRun::logged(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (logs().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string ScribeRun::draft(int incident) {
  const auto out = (dir / "draft.md").string();
  auto r = run_process(
      {scribe_binary(), "draft", std::to_string(incident), "--out", out, "--config", config_path},
      "", dir.path());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return read_file(out);
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace scribe::test
