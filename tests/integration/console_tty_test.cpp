// `scribe console` on a real terminal (a pseudo-terminal the test opens):
// libedit's line editing and the history that outlives the session.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;
using scribe::test::read_file;
using scribe::test::TempDir;

namespace {

// One `scribe console` with its stdin and stdout on a pseudo-terminal.
class ConsoleOnTerminal {
 public:
  explicit ConsoleOnTerminal(const TempDir& dir) {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master_ >= 0);
    REQUIRE(::grantpt(master_) == 0);
    REQUIRE(::unlockpt(master_) == 0);
    scribe::test::ChildSetup setup;
    setup.stdin_path = ::ptsname(master_);
    setup.stdout_path = setup.stdin_path;
    setup.stderr_path = dir / "console.err";
    setup.cwd = dir.path();
    setup.env = {"TERM=xterm"};
    pid_ = scribe::test::spawn_child({scribe::test::scribe_binary(), "console", "--as", "dana"},
                                     setup);
  }
  ~ConsoleOnTerminal() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(master_);
  }

  void type(const std::string& keys) { REQUIRE(::write(master_, keys.data(), keys.size()) == static_cast<ssize_t>(keys.size())); }

  // Reads the terminal until `text` has appeared in it (after what earlier
  // waits consumed), or the deadline passes.
  bool shows(const std::string& text, std::chrono::milliseconds deadline = 10s) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (screen_.find(text, seen_) == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      if (left <= 0ms) return false;
      pollfd p{master_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(master_, buffer, sizeof buffer);
      if (n <= 0) return false;
      screen_.append(buffer, static_cast<std::size_t>(n));
    }
    seen_ = screen_.find(text, seen_) + text.size();
    return true;
  }

  int wait_exit() {
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(50ms);  // polling the child's exit, bounded by the loop
    }
    return -2;
  }

  const std::string& screen() const { return screen_; }

 private:
  int master_ = -1;
  pid_t pid_ = -1;
  std::string screen_;
  std::size_t seen_ = 0;
};

}  // namespace

TEST_CASE("console on a terminal: lines are edited, history is recalled and kept",
          "[integration][console]") {
  TempDir dir;
  {
    ConsoleOnTerminal console(dir);
    REQUIRE(console.shows("dana@#general> "));
    console.type("/incident start Search slow\r");
    REQUIRE(console.shows("INC-1 declared: Search slow"));
    // A typo mended with backspace and the cursor keys: Ctrl-A to the start, Ctrl-E back.
    console.type("/incident note first timeoutz\x7f at 14:00\x01\x05\r");
    INFO(console.screen());
    REQUIRE(console.shows("Noted (T-2)"));
    REQUIRE(console.shows(": first timeout at 14:00"));
    // Up-arrow brings the last line back: the same note, said again.
    console.type("\x1b[A\r");
    REQUIRE(console.shows("Noted (T-3)"));
    console.type("/quit\r");
    CHECK(console.wait_exit() == 0);
  }
  // libedit's own format: one line each, spaces as \040.
  CHECK_THAT(read_file(dir / "scribe-data" / "console-history"),
             Catch::Contains("/incident\\040note\\040first\\040timeout\\040at\\04014:00"));
  {
    // The next session recalls the last one's lines.
    ConsoleOnTerminal console(dir);
    REQUIRE(console.shows("dana@#general> "));
    console.type("\x1b[A\x1b[A\r");
    INFO(console.screen());
    REQUIRE(console.shows("Noted (T-4)"));
    console.type("/quit\r");
    CHECK(console.wait_exit() == 0);
  }
}
