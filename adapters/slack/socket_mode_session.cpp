#include "adapters/slack/socket_mode_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

#include "adapters/net/errors.hpp"
#include "adapters/net/websocket_client.hpp"
#include "adapters/slack/web_api_client.hpp"

namespace scribe::slack {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct SocketModeSession::Link {
  Link(asio::any_io_executor ex, net::Clock& clock) : changed(std::move(ex), clock) {}
  std::shared_ptr<net::WebSocketConnection> ws;
  struct Received {
    SocketFrame frame;
    Clock::time_point at;  // when it was read, for the ack latency
  };
  std::deque<Received> frames;  // read, not yet handled
  bool hello = false;
  bool closed = false;  // the reader has ended
  net::error_code error;
  net::Signal changed;
  Clock::time_point opened = Clock::now();
  std::uint64_t number = 0;
};

SocketModeSession::SocketModeSession(asio::any_io_executor executor, asio::ssl::context& tls,
                                     SessionOptions options, UrlSource url_source,
                                     EnvelopeHandler handler, net::Clock& clock)
    : executor_(executor),
      tls_(tls),
      options_(std::move(options)),
      url_source_(std::move(url_source)),
      handler_(std::move(handler)),
      clock_(clock),
      wake_(executor, clock),
      tasks_(executor, "slack") {}

SocketModeSession::~SocketModeSession() = default;

void SocketModeSession::stop() {
  stopping_ = true;
  wake_.notify();
  for (auto& weak : links_)
    if (auto link = weak.lock()) link->changed.notify();
}

asio::awaitable<void> SocketModeSession::sleep(std::chrono::milliseconds duration) {
  co_await net::sleep_unless(wake_, stopping_, duration);
}

asio::awaitable<void> SocketModeSession::close_link(Link& link) {
  if (link.ws && link.ws->is_open()) co_await link.ws->close(net::CloseCode::normal);
  if (link.ws) link.ws->abort();  // ends the reader even if the close handshake did not
}

asio::awaitable<void> SocketModeSession::run() {
  net::Backoff backoff(options_.backoff);
  std::shared_ptr<Link> link, next;
  std::exception_ptr fatal;
  try {
    while (!stopping_) {
      if (next) {
        link = std::move(next);
      } else {
        link = co_await open_link();
        if (!link) {
          if (stopping_) break;
          auto wait = backoff.next();
          if (retry_after_ && *retry_after_ > wait) wait = *retry_after_;
          retry_after_.reset();
          spdlog::info("slack: reconnecting in {} ms", wait.count());
          co_await sleep(wait);
          continue;
        }
      }
      connected_ = true;
      if (++stats_.connections > 1) ++stats_.reconnects;
      spdlog::info("slack: Socket Mode connection {} is up", link->number);
      Ending end = co_await serve(*link, false);
      connected_ = false;
      if (clock_.now() - link->opened >= options_.stable_after) backoff.reset();

      switch (end.kind) {
        case Ending::Kind::stopped:
        case Ending::Kind::drained:
          break;
        case Ending::Kind::dropped: {
          ++stats_.drops;
          link->ws->abort();
          link.reset();
          const auto wait = backoff.next();
          spdlog::info("slack: reconnecting in {} ms", wait.count());
          co_await sleep(wait);
          break;
        }
        case Ending::Kind::disconnect: {
          ++stats_.disconnect_messages;
          const bool overlap = end.reason != "too_many_websockets" && end.reason != "link_disabled";
          if (end.reason == "link_disabled")
            spdlog::error(
                "slack: Socket Mode is disabled for this app (link_disabled); "
                "turn it on in the app settings");
          if (overlap) {
            spdlog::info("slack: disconnect ({}): opening the next connection first", end.reason);
            next = co_await open_link();
            co_await serve(*link, true);  // ack what the old connection delivered meanwhile
            co_await close_link(*link);
            link.reset();
            if (!next && !stopping_) co_await sleep(backoff.next());
          } else {
            spdlog::info("slack: disconnect ({}): closing, then reconnecting", end.reason);
            co_await close_link(*link);
            link.reset();
            co_await sleep(backoff.next());
          }
          break;
        }
      }
    }
  } catch (...) {
    fatal = std::current_exception();
  }
  connected_ = false;
  stopping_ = true;
  for (auto* l : {&link, &next})
    if (*l) {
      if (!fatal) co_await close_link(**l);
      (*l)->ws->abort();
    }
  co_await tasks_.join();
  if (fatal) std::rethrow_exception(fatal);
}

asio::awaitable<std::shared_ptr<SocketModeSession::Link>> SocketModeSession::open_link() {
  ++stats_.url_requests;
  SocketUrl opened = co_await url_source_();  // SlackFatalError passes through
  if (stopping_) co_return nullptr;
  if (!opened.url) {
    retry_after_ = opened.retry_after;
    spdlog::warn("slack: apps.connections.open failed: {}", opened.error);
    co_return nullptr;
  }
  std::string why;
  auto url = net::Url::parse(*opened.url, &why);
  if (!url || (url->scheme != "ws" && url->scheme != "wss")) {
    spdlog::warn("slack: apps.connections.open gave an unusable URL: {}",
                 url ? "scheme " + url->scheme : why);
    co_return nullptr;
  }
  net::WebSocketOptions ws_options;
  ws_options.connect_timeout = options_.connect_timeout;
  ws_options.handshake_timeout = options_.connect_timeout;
  ws_options.idle_timeout = options_.idle_timeout;
  ws_options.max_message_size = options_.max_message_size;
  // The URL's query is a single-use ticket: log only where we connect to.
  spdlog::debug("slack: connecting to {}", url->origin());
  auto [ec, ws] = co_await net::WebSocketConnection::connect(executor_, tls_, *url, ws_options);
  if (ec || !ws) {
    if (net::is_tls_verification_failure(ec))
      spdlog::error("slack: TLS to {} refused: {}", url->origin(), net::describe(ec));
    else
      spdlog::warn("slack: websocket to {} failed: {}", url->origin(), net::describe(ec));
    co_return nullptr;
  }
  auto link = std::make_shared<Link>(executor_, clock_);
  link->ws = std::move(ws);
  link->number = stats_.url_requests;
  std::erase_if(links_, [](const auto& w) { return w.expired(); });
  links_.push_back(link);
  tasks_.spawn(read_loop(link), "Socket Mode reader");

  co_await link->changed.wait_while(
      [&] { return !link->hello && !link->closed && !stopping_; },
      clock_.now() + options_.hello_timeout);
  if (!link->hello) {
    if (!stopping_)
      spdlog::warn("slack: no hello within {} ms{}", options_.hello_timeout.count(),
                   link->closed ? " (connection closed: " + net::describe(link->error) + ")" : "");
    link->ws->abort();
    co_return nullptr;
  }
  link->opened = clock_.now();
  co_return link;
}

asio::awaitable<void> SocketModeSession::read_loop(std::shared_ptr<Link> link) {
  for (;;) {
    std::string text;
    const net::error_code ec = co_await link->ws->read_text(text);
    if (ec) {
      link->closed = true;
      link->error = ec;
      link->changed.notify();
      co_return;
    }
    ++stats_.frames;
    SocketFrame frame = decode_frame(text);
    if (frame.kind == SocketFrame::Kind::hello) {
      if (!link->hello)
        spdlog::debug("slack: hello ({} connections, app {})", frame.hello.num_connections,
                      frame.hello.app_id);
      link->hello = true;
    } else {
      link->frames.push_back({std::move(frame), Clock::now()});
    }
    link->changed.notify();
  }
}

asio::awaitable<SocketModeSession::Ending> SocketModeSession::serve(Link& link, bool drain_only) {
  for (;;) {
    if (stopping_ && !drain_only) {
      // Acks for what is already here go out before the socket closes.
      std::optional<Disconnect> ignored;
      while (!link.frames.empty() && co_await process_batch(link, ignored)) {
      }
      co_return Ending{Ending::Kind::stopped, {}};
    }
    if (link.frames.empty()) {
      if (link.closed) {
        const auto& ec = link.error;
        if (net::is_timeout(ec))
          spdlog::warn(
              "slack: nothing from Slack for {} ms (no frame, no pong): connection is stale",
              options_.idle_timeout.count());
        else if (net::is_normal_shutdown(ec))
          spdlog::info("slack: Slack closed the connection");
        else
          spdlog::warn("slack: connection lost: {}", net::describe(ec));
        co_return Ending{Ending::Kind::dropped, {}};
      }
      if (drain_only) co_return Ending{Ending::Kind::drained, {}};
      co_await link.changed.wait();
      continue;
    }
    if (!drain_only) co_await gather(link);
    std::optional<Disconnect> disconnect;
    if (!co_await process_batch(link, disconnect)) co_return Ending{Ending::Kind::dropped, {}};
    if (disconnect && !drain_only)
      co_return Ending{Ending::Kind::disconnect,
                       disconnect->reason.empty() ? "unknown" : disconnect->reason};
  }
}

asio::awaitable<void> SocketModeSession::gather(Link& link) {
  // Let the reader pull what the socket already holds: a few turns of the
  // event loop, until the inbox stops growing or the batch is full.
  std::size_t seen = link.frames.size();
  for (int quiet = 0; quiet < 4 && seen < options_.batch_cap && !link.closed;) {
    co_await asio::post(executor_, asio::use_awaitable);
    if (link.frames.size() > seen) {
      seen = link.frames.size();
      quiet = 0;
    } else {
      ++quiet;
    }
  }
}

asio::awaitable<bool> SocketModeSession::process_batch(Link& link,
                                                       std::optional<Disconnect>& disconnect) {
  std::vector<Envelope> batch;
  std::vector<Clock::time_point> arrived;  // batch[i] was read at arrived[i]
  std::vector<std::string> ack_only;
  while (!link.frames.empty() && batch.size() < options_.batch_cap && !disconnect) {
    SocketFrame f = std::move(link.frames.front().frame);
    const auto at = link.frames.front().at;
    link.frames.pop_front();
    switch (f.kind) {
      case SocketFrame::Kind::envelope:
        batch.push_back(std::move(f.envelope));
        arrived.push_back(at);
        break;
      case SocketFrame::Kind::disconnect:
        disconnect = f.disconnect;
        break;
      case SocketFrame::Kind::malformed:
        ++stats_.malformed;
        if (!f.envelope.envelope_id.empty()) {
          spdlog::warn("slack: unusable envelope {} ({}): acked and skipped",
                       f.envelope.envelope_id, f.error);
          ack_only.push_back(f.envelope.envelope_id);
        } else {
          spdlog::warn("slack: malformed frame skipped: {}", f.error);
        }
        break;
      case SocketFrame::Kind::unknown:
        ++stats_.unknown;
        spdlog::info("slack: frame skipped: {}", f.error);
        break;
      case SocketFrame::Kind::hello:
        break;
    }
  }
  std::vector<std::optional<AckPayload>> payloads;
  bool commit_ok = true;
  if (!batch.empty()) {
    stats_.envelopes += batch.size();
    ++stats_.batches;
    stats_.largest_batch = std::max<std::uint64_t>(stats_.largest_batch, batch.size());
    try {
      payloads = co_await handler_(batch);
    } catch (const SlackFatalError&) {
      throw;
    } catch (const std::exception& e) {
      commit_ok = false;
      ++stats_.batches_unacked;
      spdlog::error("slack: {} envelopes not applied, left unacked for Slack to resend: {}",
                    batch.size(), e.what());
    }
    payloads.resize(batch.size());
  }
  std::vector<std::string> acks;
  if (commit_ok)
    for (std::size_t i = 0; i < batch.size(); ++i)
      acks.push_back(encode_ack(batch[i].envelope_id, payloads[i]));
  for (const auto& id : ack_only) acks.push_back(encode_ack(id, std::nullopt));
  for (std::size_t i = 0; i < acks.size(); ++i) {
    if (const auto ec = co_await link.ws->write_text(acks[i])) {
      spdlog::warn("slack: ack not sent: {}", net::describe(ec));
      co_return false;
    }
    ++stats_.acks;
    if (options_.on_ack && i < arrived.size()) options_.on_ack(Clock::now() - arrived[i]);
  }
  co_return true;
}

}  // namespace scribe::slack
