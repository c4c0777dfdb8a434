// The tracker a config names, made ready for the loop: its HTTP client, its
// API (GitHub Issues or Jira) and the TrackerSync over the engine. `scribe
// run` keeps one running; `scribe actions --export/--sync` and `scribe replay
// --export` run one round of it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <iosfwd>
#include <memory>
#include <string_view>
#include <variant>

#include "adapters/net/http_client.hpp"
#include "adapters/trackers/tracker_sync.hpp"
#include "bot/app/config.hpp"
#include "bot/app/runtime.hpp"

namespace scribe::app {

namespace metrics {
class Registry;
}

class TrackerService {
 public:
  // nullptr when the config names no tracker.
  static std::unique_ptr<TrackerService> make(boost::asio::io_context& io,
                                              boost::asio::ssl::context& tls, const Config& config,
                                              core::IncidentEngine& engine,
                                              trackers::TrackerSync::Deliver deliver);

  TrackerService(boost::asio::io_context& io, boost::asio::ssl::context& tls, const Config& config,
                 core::IncidentEngine& engine, trackers::TrackerSync::Deliver deliver);

  trackers::TrackerSync& sync() { return *sync_; }
  // A webhook's body from the tracker ("github" `issues`, "jira"), applied.
  std::variant<int, std::string> apply_webhook(std::string_view tracker, std::string_view body);
  // Its counters into /metrics, labelled with the tracker.
  void collect(metrics::Registry& registry) const;

 private:
  net::HttpClient http_;
  std::unique_ptr<trackers::TrackerApi> api_;
  std::unique_ptr<trackers::TrackerSync> sync_;
  trackers::TrackerSync::Deliver deliver_;
};

// `scribe actions --export | --sync`, `scribe replay --export`: one round
// (exports and closes; with `poll`, every linked issue read back), its chat
// posts shown on `out`. Returns false when the config names no tracker.
bool run_tracker_round(Runtime& runtime, bool poll, std::ostream& out);

}  // namespace scribe::app
