// One websocket connection (ws:// or wss://) with text messages, for Slack
// Socket Mode. Keep-alive is Beast's: while a read is pending, a ping goes out
// after idle_timeout/2 of silence and the read fails with a timeout (see
// is_timeout) when nothing at all arrives within idle_timeout - so a stale or
// half-open connection is noticed within idle_timeout. Server pings are
// answered with pongs automatically.
//
// Rules of use (Beast's): at most one read_text() at a time; write_text() and
// close() may be called from other coroutines while a read is pending - writes
// are queued here and go out one at a time, in call order.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "adapters/net/http_client.hpp"
#include "adapters/net/url.hpp"

namespace scribe::net {

struct WebSocketOptions {
  Millis connect_timeout{10'000};              // name lookup, TCP connect, TLS handshake, each
  Millis handshake_timeout{10'000};            // the HTTP upgrade, and the close handshake
  Millis idle_timeout{20'000};                 // see above; Slack's python SDK calls 20 s stale
  std::size_t max_message_size = 1024 * 1024;  // larger messages fail the read (message_too_big)
  HttpHeaders headers{};                       // extra upgrade request fields; values never logged
  std::string user_agent = "scribe/0.1";
};

// Websocket close codes (RFC 6455 §7.4.1) the bot uses.
enum class CloseCode : std::uint16_t { normal = 1000, going_away = 1001 };

class WebSocketConnection {
 public:
  // Dials `url` (ws or wss), verifies TLS as make_tls_context() set up, and
  // completes the upgrade. On failure the pointer is null and the error says
  // why (a refused upgrade shows as Beast's handshake error).
  static boost::asio::awaitable<std::pair<error_code, std::unique_ptr<WebSocketConnection>>>
  connect(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls, Url url,
          WebSocketOptions options = {});

  ~WebSocketConnection();
  WebSocketConnection(const WebSocketConnection&) = delete;
  WebSocketConnection& operator=(const WebSocketConnection&) = delete;

  // Reads the next text message into `out`. Binary messages are skipped (logged).
  // Errors: the peer's close frame (is_normal_shutdown), the idle timeout
  // (is_timeout), a dropped socket (eof / connection_reset), an oversized message.
  boost::asio::awaitable<error_code> read_text(std::string& out);

  // Sends one text message; queued behind writes already in progress.
  boost::asio::awaitable<error_code> write_text(std::string_view text);

  // Close handshake, bounded by handshake_timeout; a pending read_text() then
  // ends with the close. Errors are logged at debug and otherwise ignored: the
  // connection is finished either way.
  boost::asio::awaitable<void> close(CloseCode code = CloseCode::normal);

  // Drops the TCP connection at once, without a close frame. Pending
  // operations finish with operation_aborted. For shutdown and for giving up on
  // a connection that misbehaves.
  void abort();

  bool is_open() const;
  // The close frame's code when the peer closed us (0 otherwise).
  std::uint16_t peer_close_code() const;

 private:
  struct Impl;
  explicit WebSocketConnection(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;  // shared with operations in flight
};

}  // namespace scribe::net
