// Runs the real `scribe` binary (or any program) the way a user would: with
// arguments, text on stdin, and its output and exit code captured.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace scribe::test {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// How a child is started: its standard streams (files), directory, extra
// environment ("NAME=value") and, for a root test run, the user it drops to.
struct ChildSetup {
  std::filesystem::path stdin_path = "/dev/null";
  std::filesystem::path stdout_path;  // required
  std::filesystem::path stderr_path;  // required
  std::filesystem::path cwd;          // empty: the test's own
  std::vector<std::string> env;
  std::optional<uid_t> run_as;  // setgroups/setgid/setuid to this id before exec
};

// fork() + execve(argv[0]); the child's pid. Everything the child needs is
// built before fork(): the test process has threads (fake servers), and a
// child that allocates before exec can hang forever on a lock another thread
// held at the fork (it did, under the sanitizer runtime). Exits 126 in the
// child when the setup fails, 127 when exec does.
pid_t spawn_child(const std::vector<std::string>& argv, const ChildSetup& setup);

// spawn_child, then waits for it and reads what it wrote.
ProcessResult run_child(const std::vector<std::string>& argv, const ChildSetup& setup);

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          const std::filesystem::path& cwd = {});

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace scribe::test
