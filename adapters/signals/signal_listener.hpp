// The webhook listener that monitoring, paging and deploy tools post to: one
// endpoint per source under /signals/, each with its own credential, on an
// address of its own (the one a team exposes, unlike the loopback [http]).
// A request is answered 202 only after what it carried is committed; 401
// without a valid credential, 400 for a payload it cannot use, 404, 405 and
// 413 otherwise, always with a one-line JSON reason, and nothing stored.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "adapters/signals/signals_config.hpp"
#include "bot/core/engine.hpp"
#include "bot/core/signal.hpp"

namespace boost::asio {
class io_context;
}

namespace scribe::signals {

inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

// Counted per source ("alertmanager", ...); refusals per reason.
struct SignalStats {
  struct PerSource {
    std::uint64_t requests = 0;    // authenticated and decoded
    std::uint64_t received = 0;    // signals in them
    std::uint64_t accepted = 0;    // new
    std::uint64_t duplicates = 0;  // re-sent: nothing changed
  };
  std::map<std::string, PerSource> sources;
  // unauthorized, malformed, too_large, not_found, method, unavailable
  std::map<std::string, std::uint64_t> refused;
};

// The trackers' webhooks on the same listener: GitHub's `issues` events on
// /signals/github, Jira's issue events on /signals/jira.
struct TrackerEvents {
  std::string jira_secret;  // [trackers.jira] webhook_secret: signs /signals/jira
  // Applies a tracker webhook's body ("github" or "jira") after its commit:
  // how many issues it was about, or why it could not be read (400).
  std::function<std::variant<int, std::string>(std::string_view tracker, std::string_view body)>
      apply;
};

class SignalListener {
 public:
  // Applies one request's signals in one transaction and returns after the commit.
  using Apply = std::function<core::SignalsHandled(const std::vector<core::Signal>&,
                                                   core::Instant received_at)>;

  SignalListener(boost::asio::io_context& io, SignalsConfig config, Apply apply,
                 TrackerEvents trackers = {});
  ~SignalListener();
  SignalListener(const SignalListener&) = delete;
  SignalListener& operator=(const SignalListener&) = delete;

  // Binds config.listen (TLS when cert_file/key_file are set). False when the
  // listener is off; throws std::runtime_error naming the problem otherwise.
  bool start();
  unsigned short port() const;
  bool listening() const;
  void stop();

  const SignalStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace scribe::signals
