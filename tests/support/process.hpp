// Runs the real `scribe` binary (or any program) the way a user would: with
// arguments, text on stdin, and its output and exit code captured.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace scribe::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          const std::filesystem::path& cwd = {});

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace scribe::test
