// Socket Mode load: a fake Slack in this process pushes N channel messages
// into an incident channel, keeping at most W envelopes unacked, to a Scribe
// bot - in-process (default) or the real binary (--binary PATH) - and prints
// acked messages/s, ack latency p50/p99/max and the bot's peak RSS. With
// --rate R the messages are paced at R per second (the latency a team sees at
// a steady load) instead of as fast as the window allows.
//
//   slack_load_bench [--messages N] [--window W] [--rate R] [--binary PATH]
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "tests/slack/bot_harness.hpp"
#include "tests/support/background_process.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/process.hpp"
#include "tests/support/slack_payloads.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using Clock = std::chrono::steady_clock;

namespace {

long vm_hwm_kib(const std::string& pid) {
  std::ifstream status("/proc/" + pid + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  return 0;
}

std::string wall_ts(int sequence) {
  return test::slack_payloads::make_ts(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count(),
                                       sequence);
}

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

int usage() {
  std::fprintf(stderr,
               "usage: slack_load_bench [--messages N] [--window W] [--rate R] [--binary PATH]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int messages = 5000;
  int window = 100;
  double rate = 0;  // messages per second; 0 = unpaced
  std::string binary;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) return usage();
    if (a == "--messages")
      messages = std::stoi(argv[++i]);
    else if (a == "--window")
      window = std::stoi(argv[++i]);
    else if (a == "--rate")
      rate = std::stod(argv[++i]);
    else if (a == "--binary")
      binary = std::filesystem::absolute(argv[++i]).string();
    else
      return usage();
  }
  spdlog::set_level(spdlog::level::warn);

  test::FakeSlack fake;
  test::TempDir dir;
  std::unique_ptr<test::BotHarness> in_process;
  std::unique_ptr<test::BackgroundProcess> process;
  if (binary.empty()) {
    in_process = std::make_unique<test::BotHarness>(fake, test::quick_settings(fake),
                                                    (dir / "scribe.db").string());
    in_process->start();
  } else {
    const auto config = (dir / "scribe.toml").string();
    test::write_file(config, "data_dir = \"" + (dir / "data").string() +
                                 "\"\nlog_level = \"warn\"\n[http]\nlisten = \"\"\n[slack]\n"
                                 "enabled = true\napp_token = \"" +
                                 fake.options().app_token + "\"\nbot_token = \"" +
                                 fake.options().bot_token + "\"\napi_url = \"" + fake.api_url() +
                                 "\"\n");
    process = std::make_unique<test::BackgroundProcess>(
        std::vector<std::string>{binary, "run", "--config", config}, dir.path());
  }
  if (!test::FakeSlack::eventually([&] { return fake.connections() >= 1; },
                                   std::chrono::seconds(15))) {
    std::fprintf(stderr, "the bot never connected\n%s", process ? process->err().c_str() : "");
    return 1;
  }
  // The incident whose channel the messages go to.
  fake.send_slash("CGEN", "U1", "dana", "start Load bench sev:P3");
  if (!test::FakeSlack::eventually([&] { return !fake.created_channels().empty(); },
                                   std::chrono::seconds(15))) {
    std::fprintf(stderr, "no incident channel was created\n");
    return 1;
  }
  const std::string channel = fake.created_channels().begin()->second;
  const std::size_t acks_before = fake.ack_total();

  std::map<std::string, Clock::time_point> sent_at;
  const auto start = Clock::now();
  for (int i = 0; i < messages; ++i) {
    if (rate > 0)
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(i / rate)));
    while (static_cast<long>(i) - static_cast<long>(fake.ack_total() - acks_before) >= window)
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    const auto t = Clock::now();
    sent_at[fake.send_message(channel, "U2", "load line " + std::to_string(i), wall_ts(i))] = t;
  }
  test::FakeSlack::eventually(
      [&] { return fake.ack_total() - acks_before >= static_cast<std::size_t>(messages); },
      std::chrono::seconds(120));

  std::vector<double> latency;
  Clock::time_point last = start;
  for (const auto& ack : fake.acks()) {
    auto it = sent_at.find(ack.envelope_id);
    if (it == sent_at.end()) continue;
    latency.push_back(ms(ack.at - it->second));
    last = std::max(last, ack.at);
  }
  std::sort(latency.begin(), latency.end());
  auto pct = [&](double p) {
    return latency.empty() ? 0.0
                           : latency[std::min(latency.size() - 1,
                                              static_cast<std::size_t>(p * latency.size()))];
  };
  const long rss = binary.empty() ? vm_hwm_kib("self") : vm_hwm_kib(std::to_string(process->pid()));
  const double seconds = std::chrono::duration<double>(last - start).count();

  std::printf(
      "slack_load_bench: %d messages, window %d, %s, bot %s\n", messages, window,
      rate > 0 ? ("paced at " + std::to_string(static_cast<int>(rate)) + "/s").c_str() : "unpaced",
      binary.empty() ? "in-process" : binary.c_str());
  std::printf("  acked          %zu of %d (%zu redelivered/duplicate acks)\n", latency.size(),
              messages, fake.ack_total() - acks_before - latency.size());
  std::printf("  throughput     %.0f acked messages/s\n", latency.size() / std::max(seconds, 1e-9));
  std::printf("  ack latency    p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", pct(0.50), pct(0.99),
              latency.empty() ? 0.0 : latency.back());
  std::printf("  peak RSS       %ld KiB (%s)\n", rss,
              binary.empty() ? "this process: bot + fake Slack" : "scribe process, VmHWM");
  if (in_process) {
    const auto s = in_process->stats();
    std::printf("  batches        largest %llu envelopes, %llu reconnects\n",
                static_cast<unsigned long long>(s.largest_batch),
                static_cast<unsigned long long>(s.reconnects));
    in_process->stop();
  } else {
    process->kill(SIGTERM);
    process->wait(std::chrono::seconds(10));
  }
  return latency.size() == static_cast<std::size_t>(messages) ? 0 : 1;
}
