#include "adapters/signals/signal_listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "adapters/net/http_server.hpp"
#include "adapters/net/tls.hpp"
#include "adapters/signals/signal_decoders.hpp"
#include "adapters/signals/webhook_auth.hpp"

namespace scribe::signals {
namespace {

namespace json = boost::json;
using net::ServerRequest;
using net::ServerResponse;

constexpr std::string_view kPrefix = "/signals/";
constexpr std::string_view kSources[] = {"alertmanager", "grafana", "pagerduty", "github",
                                         "generic", "jira"};

ServerResponse json_answer(int status, const json::object& body) {
  return ServerResponse{status, "application/json", json::serialize(body) + "\n", {}, false};
}

ServerResponse refusal(int status, std::string_view reason) {
  return json_answer(status, {{"error", reason}});
}

}  // namespace

struct SignalListener::Impl {
  Impl(boost::asio::io_context& io, SignalsConfig config_, Apply apply_, TrackerEvents trackers_)
      : config(std::move(config_)),
        apply(std::move(apply_)),
        trackers(std::move(trackers_)),
        server(
            io, [this](const ServerRequest& req) { return answer(req); },
            net::HttpServer::Options{
                8 * 1024, kMaxBodyBytes, std::chrono::seconds(10), 64,
                [this](int status, std::string_view reason) {
                  count_refusal(status);
                  return refusal(status, reason);
                },
                config.cert_file.empty()
                    ? nullptr
                    : net::make_server_tls_context(config.cert_file, config.key_file, "signals."),
                "signals.listen"}) {}

  SignalsConfig config;
  Apply apply;
  TrackerEvents trackers;
  SignalStats stats;
  net::HttpServer server;
  bool started = false;

  void count_refusal(int status) {
    const char* reason = status == 401   ? "unauthorized"
                         : status == 400 ? "malformed"
                         : status == 413 ? "too_large"
                         : status == 404 ? "not_found"
                         : status == 405 ? "method"
                                         : "unavailable";
    ++stats.refused[reason];
  }

  ServerResponse refuse(std::string_view source, int status, std::string reason) {
    count_refusal(status);
    spdlog::warn("signals: {} refused with {}: {}", source.empty() ? "request" : source, status,
                 reason);
    return refusal(status, reason);
  }

  // Whether the request carries its source's credential: "" when it does.
  std::string credential_problem(std::string_view source, const ServerRequest& req) const {
    using Check = bool (*)(std::string_view header, std::string_view body, std::string_view secret);
    const auto signed_with = [&](const std::string& secret, const char* key, const char* header,
                                 Check matches) -> std::string {
      if (secret.empty()) return std::string("signals.") + key + " is not set";
      if (!matches(req.header(header), req.body, secret))
        return std::string("missing or wrong ") + header;
      return {};
    };
    if (source == "pagerduty")
      return signed_with(config.pagerduty_secret, "pagerduty_secret", "X-PagerDuty-Signature",
                         pagerduty_signature_matches);
    if (source == "github")
      return signed_with(config.github_secret, "github_secret", "X-Hub-Signature-256",
                         hub_signature_matches);
    if (source == "jira") {
      if (trackers.jira_secret.empty()) return "trackers.jira.webhook_secret is not set";
      if (!hub_signature_matches(req.header("X-Hub-Signature"), req.body, trackers.jira_secret))
        return "missing or wrong X-Hub-Signature";
      return {};
    }
    if (config.token.empty()) return "signals.token is not set";
    if (!bearer_matches(req.header("Authorization"), config.token))
      return "missing or wrong bearer token";
    return {};
  }

  Decoded decode(std::string_view source, const ServerRequest& req, core::Instant now) const {
    DecodeOptions options{config.service_labels, now, {}, config.severity_labels};
    for (const auto& text : config.auto_declare)
      if (auto m = parse_label_matcher(text)) options.auto_declare.push_back(*m);
    if (source == "pagerduty") return decode_pagerduty(req.body);
    if (source == "github")
      return decode_github(req.header("X-GitHub-Event"), req.header("X-GitHub-Delivery"), req.body);
    if (source == "generic") return decode_generic(req.body, options);
    return decode_alert_group(source, req.body, options);
  }

  // An issue closed or reopened in the tracker Scribe exports to.
  ServerResponse tracker_event(std::string_view source, const ServerRequest& req) {
    auto& counts = stats.sources[std::string(source)];
    ++counts.requests;
    if (!trackers.apply) return json_answer(202, {{"accepted", 0}, {"duplicates", 0}});
    std::variant<int, std::string> applied;
    try {
      applied = trackers.apply(source, req.body);
    } catch (const std::exception& e) {
      return refuse(source, 503, std::string("not stored, try again: ") + e.what());
    }
    if (auto* why = std::get_if<std::string>(&applied)) return refuse(source, 400, *why);
    const int n = std::get<int>(applied);
    counts.received += static_cast<std::uint64_t>(n);
    counts.accepted += static_cast<std::uint64_t>(n);
    return json_answer(202, {{"accepted", n}, {"duplicates", 0}});
  }

  ServerResponse answer(const ServerRequest& req) {
    const std::string_view path = req.path();
    std::string_view source;
    if (path.starts_with(kPrefix))
      for (const auto known : kSources)
        if (path.substr(kPrefix.size()) == known) source = known;
    if (source.empty())
      return refuse("", 404,
                    "no such endpoint: POST to /signals/alertmanager, /signals/grafana, "
                    "/signals/pagerduty, /signals/github, /signals/generic or /signals/jira");
    if (req.method != "POST") {
      auto res = refuse(source, 405, "only POST");
      res.headers.emplace_back("Allow", "POST");
      return res;
    }
    // The credential first: an unauthenticated body is not even parsed.
    if (auto problem = credential_problem(source, req); !problem.empty())
      return refuse(source, 401, std::move(problem));
    if (source == "jira" || (source == "github" && req.header("X-GitHub-Event") == "issues"))
      return tracker_event(source, req);
    const auto now = core::wall_clock_now();
    auto decoded = decode(source, req, now);
    if (auto* why = std::get_if<std::string>(&decoded)) return refuse(source, 400, *why);
    const auto& signals = std::get<std::vector<core::Signal>>(decoded);
    core::SignalsHandled handled;
    try {
      if (!signals.empty()) handled = apply(signals, now);
    } catch (const std::exception& e) {
      // 5xx: every sender retries it, and nothing was committed.
      return refuse(source, 503, std::string("not stored, try again: ") + e.what());
    }
    auto& counts = stats.sources[std::string(source)];
    ++counts.requests;
    counts.received += signals.size();
    counts.accepted += static_cast<std::uint64_t>(handled.accepted);
    counts.duplicates += static_cast<std::uint64_t>(handled.duplicates);
    if (handled.accepted > 0)
      spdlog::info("signals: {}: {} accepted, {} already seen", source, handled.accepted,
                   handled.duplicates);
    return json_answer(202, {{"accepted", handled.accepted}, {"duplicates", handled.duplicates}});
  }
};

SignalListener::SignalListener(boost::asio::io_context& io, SignalsConfig config, Apply apply,
                               TrackerEvents trackers)
    : impl_(std::make_unique<Impl>(io, std::move(config), std::move(apply), std::move(trackers))) {}

SignalListener::~SignalListener() {
  stop();
}

bool SignalListener::start() {
  impl_->started = impl_->server.start(impl_->config.listen);
  return impl_->started;
}

unsigned short SignalListener::port() const {
  return impl_->server.port();
}

bool SignalListener::listening() const {
  return impl_->started && !impl_->server.stopped();
}

void SignalListener::stop() {
  impl_->server.stop();
}

const SignalStats& SignalListener::stats() const {
  return impl_->stats;
}

}  // namespace scribe::signals
