#include "tests/support/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "tests/support/temp_dir.hpp"

namespace scribe::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

pid_t spawn_child(const std::vector<std::string>& argv, const ChildSetup& setup) {
  if (argv.empty()) throw std::invalid_argument("spawn_child: no program");
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The environment with `setup.env` replacing or adding entries.
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const bool replaced = std::any_of(setup.env.begin(), setup.env.end(), [&](const auto& mine) {
      return entry.substr(0, entry.find('=') + 1) == mine.substr(0, mine.find('=') + 1);
    });
    if (!replaced) envp.push_back(*e);
  }
  for (const auto& e : setup.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const std::string in = setup.stdin_path.string(), out = setup.stdout_path.string(),
                    err = setup.stderr_path.string(), cwd = setup.cwd.string();

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid > 0) return pid;
  // The child: async-signal-safe calls only, until execve.
  // A signal sent to it must not run the test framework's handlers.
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGSEGV, SIGABRT, SIGILL, SIGFPE, SIGBUS})
    ::signal(sig, SIG_DFL);
  const int in_fd = ::open(in.c_str(), O_RDONLY);
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(126);
  if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(err_fd, 2) < 0) ::_exit(126);
  if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
  if (setup.run_as && (::setgroups(0, nullptr) != 0 || ::setgid(*setup.run_as) != 0 ||
                       ::setuid(*setup.run_as) != 0))
    ::_exit(126);
  ::execve(args[0], args.data(), envp.data());
  ::_exit(127);
}

ProcessResult run_child(const std::vector<std::string>& argv, const ChildSetup& setup) {
  const pid_t pid = spawn_child(argv, setup);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  ProcessResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(setup.stdout_path);
  r.err = read_file(setup.stderr_path);
  return r;
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text,
                          const std::filesystem::path& cwd) {
  TempDir io;
  write_file(io / "stdin", stdin_text);
  return run_child(argv, {io / "stdin", io / "stdout", io / "stderr", cwd, {}, std::nullopt});
}

}  // namespace scribe::test
