// A data directory and config for running the real `scribe` binary on
// transcripts (replay, draft, actions), shared by the replay integration tests.
#pragma once

#include <regex>
#include <string>
#include <vector>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

namespace scribe::test {

struct Workspace {
  TempDir dir;
  std::string config;

  explicit Workspace(const std::string& timezone = "UTC", const std::string& extra = "") {
    config = (dir / "scribe.toml").string();
    write_file(config, "timezone = \"" + timezone + "\"\ndata_dir = \"" +
                           (dir / "data").string() + "\"\n" + extra);
  }

  ProcessResult scribe(std::vector<std::string> args, const std::string& in = "") {
    args.insert(args.begin(), scribe_binary());
    args.push_back("--config");
    args.push_back(config);
    return run_process(args, in, dir.path());
  }

  // The path the last "written to PATH" line of a run names.
  static std::string draft_path(const std::string& out) {
    std::smatch m;
    std::string last;
    static const std::regex written("written to (\\S+)");
    for (auto it = std::sregex_iterator(out.begin(), out.end(), written);
         it != std::sregex_iterator(); ++it)
      last = (*it)[1];
    return last;
  }
};

}  // namespace scribe::test
