// The Socket Mode transport: a fresh URL for every connection, `hello`, the
// envelope loop, acks, and the reconnect loop around it.
//
// One connection at a time, read by a reader coroutine into an inbox. The
// serving loop takes everything already in the inbox (up to batch_cap
// envelopes, after letting the reader pull what the socket has buffered),
// hands the envelopes to the handler in one call - the handler commits them
// in one transaction - and only then writes their acks. So acks follow
// commits, and a busy socket makes batches bigger rather than acks slower.
//
// Reconnects, top to bottom in run():
//   dropped socket / stale (no frame or pong within idle_timeout) / no hello
//       -> back off (exponential, jittered), fresh URL, connect
//   disconnect refresh_requested | warning (or a reason we do not know)
//       -> connect the new socket first, ack what the old one still delivered,
//          then close the old one; no backoff
//   disconnect too_many_websockets | link_disabled
//       -> close the old one first, back off, then connect
//   invalid credentials (the URL source throws SlackFatalError) -> run() throws
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/net/backoff.hpp"
#include "adapters/slack/decoder.hpp"
#include "adapters/net/async.hpp"

namespace scribe::slack {

struct SessionOptions {
  std::chrono::milliseconds hello_timeout{10'000};
  // Stale-connection timeout: a ping goes out after half of it without a
  // frame, and the connection is given up when nothing at all (not even a
  // pong) arrives within it.
  std::chrono::milliseconds idle_timeout{20'000};
  std::chrono::milliseconds connect_timeout{10'000};
  net::BackoffOptions backoff{std::chrono::milliseconds(1'000), std::chrono::milliseconds(30'000),
                              2.0, 0.5, std::nullopt};
  // A connection that stayed up this long resets the backoff.
  std::chrono::milliseconds stable_after{10'000};
  std::size_t batch_cap = 256;
  // Large enough that Slack's biggest envelopes are read (and acked) rather
  // than failing the connection and coming back forever.
  std::size_t max_message_size = 16 * 1024 * 1024;
  // Called after each envelope's ack is written, with the time since its frame
  // was read (commit included): the ack latency Slack's 3 s deadline is about.
  std::function<void(std::chrono::steady_clock::duration)> on_ack{};
};

// The answer of apps.connections.open.
struct SocketUrl {
  std::optional<std::string> url;
  std::optional<std::chrono::milliseconds> retry_after;  // Slack asked us to wait
  std::string error;
};

using UrlSource = std::function<boost::asio::awaitable<SocketUrl>()>;
// Applies a batch (committing it) and returns one ack payload slot per
// envelope, in order. Throwing leaves the whole batch unacked (Slack sends it
// again); SlackFatalError stops the session.
using EnvelopeHandler =
    std::function<boost::asio::awaitable<std::vector<std::optional<AckPayload>>>(
        const std::vector<Envelope>&)>;

struct SessionStats {
  std::uint64_t frames = 0;
  std::uint64_t envelopes = 0;
  std::uint64_t acks = 0;
  std::uint64_t malformed = 0;  // frames that are not JSON (acked when an envelope id showed)
  std::uint64_t unknown = 0;    // frames of a type we do not know
  std::uint64_t batches = 0;
  std::uint64_t batches_unacked = 0;  // not committed: left for Slack to deliver again
  std::uint64_t largest_batch = 0;
  std::uint64_t url_requests = 0;
  std::uint64_t connections = 0;  // connections that said hello
  std::uint64_t reconnects = 0;   // connections after the first
  std::uint64_t disconnect_messages = 0;
  std::uint64_t drops = 0;  // connections lost without a disconnect message
};

class SocketModeSession {
 public:
  SocketModeSession(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
                    SessionOptions options, UrlSource url_source, EnvelopeHandler handler,
                    net::Clock& clock = net::Clock::steady());
  ~SocketModeSession();
  SocketModeSession(const SocketModeSession&) = delete;
  SocketModeSession& operator=(const SocketModeSession&) = delete;

  // Connects and serves until stop(); every coroutine it started has ended
  // when it returns. Throws SlackFatalError when the URL source does.
  boost::asio::awaitable<void> run();
  // Finishes the batch in hand, closes the socket cleanly, and makes run() return.
  void stop();
  bool connected() const { return connected_; }
  const SessionStats& stats() const { return stats_; }

 private:
  struct Link;
  struct Ending {
    enum class Kind { stopped, dropped, disconnect, drained } kind = Kind::dropped;
    std::string reason;
  };

  boost::asio::awaitable<std::shared_ptr<Link>> open_link();
  boost::asio::awaitable<void> read_loop(std::shared_ptr<Link> link);
  boost::asio::awaitable<Ending> serve(Link& link, bool drain_only);
  boost::asio::awaitable<void> gather(Link& link);
  boost::asio::awaitable<bool> process_batch(Link& link, std::optional<Disconnect>& disconnect);
  boost::asio::awaitable<void> sleep(std::chrono::milliseconds duration);
  boost::asio::awaitable<void> close_link(Link& link);

  boost::asio::any_io_executor executor_;
  boost::asio::ssl::context& tls_;
  SessionOptions options_;
  UrlSource url_source_;
  EnvelopeHandler handler_;
  SessionStats stats_;
  std::vector<std::weak_ptr<Link>> links_;  // to wake on stop()
  std::optional<std::chrono::milliseconds> retry_after_;
  net::Clock& clock_;
  net::Signal wake_;
  net::TaskGroup tasks_;
  bool stopping_ = false;
  bool connected_ = false;
};

}  // namespace scribe::slack
