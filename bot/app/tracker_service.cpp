#include "bot/app/tracker_service.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <ostream>

#include "adapters/net/tls.hpp"
#include "adapters/trackers/github_issues.hpp"
#include "adapters/trackers/jira_issues.hpp"
#include "adapters/trackers/tracker_webhooks.hpp"
#include "bot/app/metrics.hpp"

namespace scribe::app {
namespace {

// Each owner's account in the tracker in use, from [people].
std::map<std::string, std::string> assignees(const Config& config, const std::string& system) {
  std::map<std::string, std::string> out;
  for (const auto& [who, accounts] : config.accounts) {
    const std::string& account = system == "github" ? accounts.github : accounts.jira;
    if (!account.empty()) out[who] = account;
  }
  return out;
}

}  // namespace

std::unique_ptr<TrackerService> TrackerService::make(boost::asio::io_context& io,
                                                     boost::asio::ssl::context& tls,
                                                     const Config& config,
                                                     core::IncidentEngine& engine,
                                                     trackers::TrackerSync::Deliver deliver) {
  if (!config.trackers.target().configured()) return nullptr;
  return std::make_unique<TrackerService>(io, tls, config, engine, std::move(deliver));
}

TrackerService::TrackerService(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                               const Config& config, core::IncidentEngine& engine,
                               trackers::TrackerSync::Deliver deliver)
    : http_(io.get_executor(), tls), deliver_(deliver) {
  const core::TrackerTarget target = config.trackers.target();
  api_ = target.system == "github" ? trackers::make_github_issues(http_, config.trackers.github)
                                   : trackers::make_jira_issues(http_, config.trackers.jira);
  trackers::TrackerSyncOptions options;
  options.assignees = assignees(config, target.system);
  options.sync_every = config.trackers.sync_every;
  sync_ = std::make_unique<trackers::TrackerSync>(io.get_executor(), engine, *api_,
                                                  std::move(options), std::move(deliver));
}

std::variant<int, std::string> TrackerService::apply_webhook(std::string_view tracker,
                                                             std::string_view body) {
  if (tracker != sync_->system()) return 0;  // not the tracker Scribe exports to
  const auto decoded = tracker == "github" ? trackers::decode_github_issue_event(body)
                                           : trackers::decode_jira_webhook(body);
  if (const auto* why = std::get_if<std::string>(&decoded)) return *why;
  const auto& seen = std::get<std::vector<core::TrackerObservation>>(decoded);
  if (!seen.empty()) deliver_(sync_->follow(seen));
  return static_cast<int>(seen.size());
}

void TrackerService::collect(metrics::Registry& r) const {
  const metrics::Labels labels{{"tracker", sync_->system()}};
  const auto& s = sync_->stats();
  const auto count = [&](const char* name, const char* help, std::uint64_t value) {
    r.counter(name, help, labels).advance_to(static_cast<double>(value));
  };
  count("scribe_tracker_exports_total", "Action items exported as tracker issues.", s.exported);
  count("scribe_tracker_found_again_total",
        "Exports found in the tracker by their marker after a crash or a lost answer.",
        s.found_again);
  count("scribe_tracker_refused_total",
        "Exports the tracker refused (a wrong repository, project or token); said in the "
        "incident channel.",
        s.refused);
  count("scribe_tracker_closed_total", "Tracker issues closed because the item was done in chat.",
        s.closed);
  count("scribe_tracker_followed_total",
        "Items done or reopened because their issue was closed or reopened in the tracker.",
        s.followed);
  count("scribe_tracker_rate_limit_waits_total",
        "Waits because the tracker asked Scribe to slow down.", s.rate_limit_waits);
  count("scribe_tracker_transient_failures_total",
        "Tracker requests that failed on the way and were left for the next round.",
        s.transient_failures);
}

bool run_tracker_round(Runtime& runtime, bool poll, std::ostream& out) {
  const Config& config = runtime.config();
  boost::asio::io_context io;
  auto tls = net::make_tls_context(net::TlsOptions{config.tls.ca_file, true});
  auto service = TrackerService::make(io, tls, config, runtime.engine(),
                                      [&](std::vector<core::ScheduledEffect> effects) {
                                        for (auto& e : effects) runtime.carry_out({e.effect}, out);
                                      });
  if (!service) return false;
  bool finished = false;
  boost::asio::co_spawn(io, service->sync().round(poll), [&](std::exception_ptr error) {
    finished = true;
    if (error) std::rethrow_exception(error);
  });
  io.run();
  return finished;
}

}  // namespace scribe::app
