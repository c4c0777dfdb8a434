// Webhook load: C senders on keep-alive connections post N generic signals to
// the signals listener (in this process, on 127.0.0.1) backed by the engine on
// a SQLite file; each 202 comes after its commit. Prints signals accepted per
// second and the request latency p50/p99/max, then checks every signal was
// stored once.
//
//   signals_bench [--signals N] [--clients C] [--routed]
//
// --routed: an open incident is about the signals' service, so each goes on
// its timeline (and is said in its channel) instead of being kept.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "adapters/signals/signal_listener.hpp"
#include "bot/core/engine.hpp"
#include "storage/sqlite_store.hpp"

using namespace scribe;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

int usage() {
  std::fprintf(stderr, "usage: signals_bench [--signals N] [--clients C] [--routed]\n");
  return 2;
}

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// One sender: its share of the signals over one connection; each latency.
void send_all(unsigned short port, int first, int count, std::vector<Clock::duration>& latencies,
              std::atomic<int>& failures) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::flat_buffer buffer;
  for (int i = first; i < first + count; ++i) {
    http::request<http::string_body> req{http::verb::post, "/signals/generic", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer bench-token");
    req.set(http::field::content_type, "application/json");
    req.keep_alive(true);
    req.body() = R"({"id": "bench-)" + std::to_string(i) +
                 R"(", "kind": "deploy", "service": "api", "text": "Deploy number )" +
                 std::to_string(i) + R"( completed"})";
    req.prepare_payload();
    const auto start = Clock::now();
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    latencies.push_back(Clock::now() - start);
    if (res.result_int() != 202 || res.body().find("\"accepted\":1") == std::string::npos)
      ++failures;
  }
}

}  // namespace

int main(int argc, char** argv) {
  int signals = 20000;
  int clients = 8;
  bool routed = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--signals" && i + 1 < argc)
      signals = std::stoi(argv[++i]);
    else if (a == "--clients" && i + 1 < argc)
      clients = std::stoi(argv[++i]);
    else if (a == "--routed")
      routed = true;
    else
      return usage();
  }
  if (signals < clients || clients < 1) return usage();
  spdlog::set_level(spdlog::level::warn);

  const auto dir = std::filesystem::temp_directory_path() /
                   ("scribe-signals-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  int exit_code = 0;
  {
    auto store = storage::open_store((dir / "scribe.db").string());
    core::IncidentEngine engine(*store, core::EngineOptions{});
    if (routed) {
      core::Inbound start;
      start.platform = "console";
      start.event_id = "bench-start";
      start.channel = "#bench";
      start.author = "dana";
      start.at = core::wall_clock_now();
      start.text = "/incident start Bench incident";
      engine.handle(start);
      start.event_id = "bench-service";
      start.text = "/incident service api";
      engine.handle(start);
    }
    asio::io_context io;
    signals::SignalsConfig config;
    config.listen = "127.0.0.1:0";
    config.token = "bench-token";
    signals::SignalListener listener(io, config,
                                     [&](const std::vector<core::Signal>& s, core::Instant at) {
                                       return engine.handle_signals(s, at);
                                     });
    listener.start();
    std::thread server([&] { io.run(); });

    std::vector<std::vector<Clock::duration>> latencies(static_cast<std::size_t>(clients));
    std::atomic<int> failures{0};
    std::vector<std::thread> senders;
    const int share = signals / clients;
    const auto start = Clock::now();
    for (int c = 0; c < clients; ++c) {
      const int count = c == clients - 1 ? signals - share * c : share;
      senders.emplace_back(send_all, listener.port(), share * c, count,
                           std::ref(latencies[static_cast<std::size_t>(c)]), std::ref(failures));
    }
    for (auto& t : senders) t.join();
    const auto took = Clock::now() - start;
    listener.stop();
    server.join();

    std::vector<Clock::duration> all;
    for (const auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    const auto at = [&](double q) { return all[static_cast<std::size_t>(q * (all.size() - 1))]; };
    const double seconds = std::chrono::duration<double>(took).count();
    const std::size_t stored = routed ? store->timeline().list(1).size() - 1
                                      : store->signals().kept_since(core::from_epoch_ms(0)).size();
    std::printf("signals: %d over %d connections (%s), durable before each 202\n", signals, clients,
                routed ? "routed onto an open incident's timeline" : "kept for later incidents");
    std::printf("accepted/s: %.0f   latency p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
                signals / seconds, ms(at(0.5)), ms(at(0.99)), ms(all.back()));
    std::printf("stored: %zu of %d, failed answers: %d\n", stored, signals, failures.load());
    if (stored != static_cast<std::size_t>(signals) || failures != 0) exit_code = 1;
  }
  std::filesystem::remove_all(dir);
  return exit_code;
}
