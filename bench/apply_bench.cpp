// Events applied per second into a SQLite file, one transaction per event and
// batched. Prints figures; it asserts nothing. Usage: apply_bench [events] [batch]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bot/core/engine.hpp"
#include "storage/sqlite_store.hpp"
#include "templates/builtin.hpp"

namespace {

using namespace scribe;
using Clock = std::chrono::steady_clock;

core::Inbound chat_message(int i, const std::string& prefix) {
  core::Inbound in;
  in.platform = "console";
  in.event_id = prefix + std::to_string(i);
  in.message_id = in.event_id;
  in.channel = "#general";
  in.author = i % 2 ? "sam" : "dana";
  in.author_name = in.author;
  in.at = core::Instant{std::chrono::milliseconds(1773326770000LL + i * 10LL)};
  in.text = "pool metrics flat at max, request " + std::to_string(i) + " timed out after 30 s";
  return in;
}

struct Run {
  std::filesystem::path dir;
  std::unique_ptr<core::Store> store;
  std::unique_ptr<core::IncidentEngine> engine;

  explicit Run(const char* name) {
    dir = std::filesystem::temp_directory_path() / ("scribe-apply-bench-" + std::string(name));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = storage::open_store((dir / "scribe.db").string());
    core::EngineOptions options;
    options.postmortem_template = std::string(*templates::find_builtin("postmortem.md.mustache"));
    engine = std::make_unique<core::IncidentEngine>(*store, options);
    core::Inbound start = chat_message(0, "start-");
    start.text = "/incident start Connection pool exhausted sev:P1";
    engine->handle(start);
  }
  ~Run() { std::filesystem::remove_all(dir); }
};

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int events = argc > 1 ? std::atoi(argv[1]) : 5000;
  const int batch = argc > 2 ? std::atoi(argv[2]) : 256;
  std::printf("apply_bench: %d chat messages into an open incident, SQLite file in WAL mode\n",
              events);
  {
    Run run("single");
    const auto t0 = Clock::now();
    for (int i = 1; i <= events; ++i) run.engine->handle(chat_message(i, "ev-"));
    const double s = seconds_since(t0);
    std::printf("  one transaction per event : %8.0f events/s (%.3f s)\n", events / s, s);
    // Redelivery of everything: all duplicates, nothing changes.
    const auto t1 = Clock::now();
    for (int i = 1; i <= events; ++i) run.engine->handle(chat_message(i, "ev-"));
    const double d = seconds_since(t1);
    std::printf("  redelivered duplicates    : %8.0f events/s (%.3f s)\n", events / d, d);
  }
  {
    Run run("batched");
    const auto t0 = Clock::now();
    std::vector<core::Inbound> pending;
    for (int i = 1; i <= events; ++i) {
      pending.push_back(chat_message(i, "ev-"));
      if (static_cast<int>(pending.size()) == batch || i == events) {
        run.engine->handle_batch(pending);
        pending.clear();
      }
    }
    const double s = seconds_since(t0);
    std::printf("  batches of %-4d           : %8.0f events/s (%.3f s)\n", batch, events / s, s);
  }
  return 0;
}
