// HttpClient: Beast HTTP/1.1 over tcp_stream or ssl::stream<tcp_stream>, with a
// per-origin pool of idle keep-alive connections. Everything runs on one
// executor; the pool and the active set need no locks.
#include "adapters/net/http_client.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl.hpp>

#include <cerrno>
#include <map>
#include <set>

#include "adapters/net/dial.hpp"
#include "adapters/net/errors.hpp"

namespace scribe::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct Connection {
  std::string origin;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<detail::TlsStream> tls;
  beast::flat_buffer buffer;
  SteadyClock::time_point idle_since;

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  // Whether an idle pooled connection still looks usable. A FIN shows as a
  // zero-byte peek. Unexpected bytes kill a plain connection (we never
  // pipeline); on TLS they may be a late session ticket, so they are allowed
  // and the stale-connection retry covers the rest.
  bool looks_alive() {
    if (!lowest().socket().is_open()) return false;
    if (!tls && buffer.size() != 0) return false;
    char byte;
    const auto n = ::recv(lowest().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0) return false;
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    return tls != nullptr;
  }
};

struct Exchange {
  error_code ec;
  bool sent = false;
  bool got_bytes = false;  // any byte of a response arrived
  bool keep_alive = false;
  http::response<http::string_body> response;
};

bool idempotent_method(http::verb v) {
  return v == http::verb::get || v == http::verb::head || v == http::verb::put ||
         v == http::verb::delete_ || v == http::verb::options;
}

// The server closed the connection: it cannot have read our request from it.
bool closed_by_peer(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == asio::ssl::error::stream_truncated;
}

template <class Stream>
asio::awaitable<Exchange> exchange(Stream& stream, Connection& conn,
                                   http::request<http::string_body>& request, Millis timeout,
                                   std::size_t body_limit) {
  Exchange out;
  conn.lowest().expires_after(timeout);
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, out.ec));
  if (out.ec) co_return out;
  out.sent = true;
  http::response_parser<http::string_body> parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(body_limit);
  if (request.method() == http::verb::head) parser.skip(true);
  co_await http::async_read(stream, conn.buffer, parser,
                            asio::redirect_error(asio::use_awaitable, out.ec));
  conn.lowest().expires_never();
  out.got_bytes = parser.got_some();
  if (!out.ec) {
    out.keep_alive = parser.get().keep_alive();
    out.response = parser.release();
  }
  co_return out;
}

}  // namespace

namespace {

// Keeps a connection in the active set (which shutdown() cancels) for a scope;
// RAII, because a suspended coroutine frame may be destroyed instead of resumed.
struct ActiveEntry {
  std::set<Connection*>& active;
  Connection* conn;
  ActiveEntry(std::set<Connection*>& set, Connection* c) : active(set), conn(c) {
    active.insert(c);
  }
  ~ActiveEntry() { active.erase(conn); }
  ActiveEntry(const ActiveEntry&) = delete;
  ActiveEntry& operator=(const ActiveEntry&) = delete;
};

}  // namespace

struct HttpClient::Impl {
  asio::any_io_executor executor;
  asio::ssl::context& tls;
  HttpClientOptions options;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle;
  std::set<Connection*> active;
  bool stopped = false;
  std::size_t opened = 0;

  Impl(asio::any_io_executor ex, asio::ssl::context& ctx, HttpClientOptions opts)
      : executor(std::move(ex)), tls(ctx), options(std::move(opts)) {}

  std::unique_ptr<Connection> take_idle(const std::string& origin) {
    auto found = idle.find(origin);
    if (found == idle.end()) return nullptr;
    auto& pool = found->second;
    while (!pool.empty()) {
      auto conn = std::move(pool.back());  // most recently used first
      pool.pop_back();
      if (SteadyClock::now() - conn->idle_since < options.idle_expiry && conn->looks_alive()) return conn;
    }
    return nullptr;
  }

  void give_back(std::unique_ptr<Connection> conn) {
    if (stopped) return;
    auto& pool = idle[conn->origin];
    if (pool.size() >= options.max_idle_per_origin) pool.erase(pool.begin());  // oldest goes
    conn->idle_since = SteadyClock::now();
    pool.push_back(std::move(conn));
  }

  asio::awaitable<std::pair<error_code, std::unique_ptr<Connection>>> open(const Url& url) {
    auto conn = std::make_unique<Connection>();
    conn->origin = url.origin();
    if (url.secure()) {
      conn->tls = std::make_unique<detail::TlsStream>(executor, tls);
    } else {
      conn->plain = std::make_unique<beast::tcp_stream>(executor);
    }
    ++opened;
    error_code ec;
    {
      ActiveEntry entry(active, conn.get());  // so shutdown() can cancel the dial too
      ec = co_await detail::dial_tcp(conn->lowest(), url, options.connect_timeout);
      if (!ec && conn->tls)
        ec = co_await detail::handshake_tls(*conn->tls, url, options.connect_timeout);
    }
    if (stopped) ec = asio::error::operation_aborted;  // whatever the closed socket said
    if (ec) conn.reset();
    co_return std::pair{ec, std::move(conn)};
  }

  static asio::awaitable<HttpResult> perform(std::shared_ptr<Impl> self, HttpRequest req);
};

HttpClient::HttpClient(asio::any_io_executor executor, asio::ssl::context& tls,
                       HttpClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), tls, std::move(options))) {}

HttpClient::~HttpClient() {
  shutdown();
}

asio::awaitable<HttpResult> HttpClient::request(HttpRequest request) {
  return Impl::perform(impl_, std::move(request));
}

void HttpClient::shutdown() {
  impl_->stopped = true;
  impl_->idle.clear();
  // close(), not cancel(): cancel only reaches operations pending right now.
  // Caught between the write's completion and the read's start there is none,
  // and the read that follows would wait out a whole long poll.
  for (Connection* conn : impl_->active) conn->lowest().close();
}

std::size_t HttpClient::connections_opened() const {
  return impl_->opened;
}

asio::awaitable<HttpResult> HttpClient::Impl::perform(std::shared_ptr<Impl> self, HttpRequest req) {
  HttpResult result;
  const auto started = SteadyClock::now();
  const auto path = req.url.target.substr(0, req.url.target.find('?'));  // queries stay out of logs
  if (self->stopped) {
    result.ec = Error::shut_down;
    co_return result;
  }
  if (req.url.scheme != "http" && req.url.scheme != "https") {
    result.ec = Error::unsupported_scheme;
    co_return result;
  }
  const http::verb verb = http::string_to_verb(req.method);
  if (verb == http::verb::unknown) {
    result.ec = asio::error::invalid_argument;
    co_return result;
  }
  // A CR or LF in a field (say, a token pasted with its newline) would split
  // the header: refuse the request rather than send something else.
  for (const auto& [name, value] : req.headers) {
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      spdlog::warn("net: refusing {} {}{}: header field {} holds a line break", req.method,
                   req.url.origin(), path, name);
      result.ec = asio::error::invalid_argument;
      co_return result;
    }
  }
  http::request<http::string_body> message{verb, req.url.target, 11};
  message.set(http::field::host, req.url.host_header());
  message.set(http::field::user_agent, self->options.user_agent);
  for (const auto& [name, value] : req.headers) message.insert(name, value);
  if (!req.content_type.empty()) message.set(http::field::content_type, req.content_type);
  message.body() = std::move(req.body);
  message.keep_alive(true);
  message.prepare_payload();
  const auto timeout = req.timeout.value_or(self->options.request_timeout);
  const bool may_resend = idempotent_method(verb) || req.idempotent;

  for (int attempt = 0;; ++attempt) {
    auto conn = self->take_idle(req.url.origin());
    const bool reused = conn != nullptr;
    if (!conn) {
      auto [ec, fresh] = co_await self->open(req.url);
      if (ec) {
        spdlog::debug("net: {} {}{} failed to connect: {}", req.method, req.url.origin(), path,
                      describe(ec));
        result.ec = ec;
        co_return result;
      }
      conn = std::move(fresh);
    }
    Exchange done;
    {
      ActiveEntry entry(self->active, conn.get());
      // if/else, not ?: - GCC 12 miscompiles co_await inside a conditional expression.
      if (conn->tls) {
        done = co_await exchange(*conn->tls, *conn, message, timeout, self->options.body_limit);
      } else {
        done = co_await exchange(*conn->plain, *conn, message, timeout, self->options.body_limit);
      }
    }
    if (self->stopped && done.ec) done.ec = asio::error::operation_aborted;
    if (!done.ec) {
      result.status = done.response.result_int();
      result.request_sent = true;
      for (const auto& field : done.response)
        result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      result.body = std::move(done.response.body());
      if (done.keep_alive) self->give_back(std::move(conn));
      spdlog::debug("net: {} {}{} -> {} ({} ms{})", req.method, req.url.origin(), path,
                    result.status,
                    std::chrono::duration_cast<Millis>(SteadyClock::now() - started).count(),
                    reused ? ", reused connection" : "");
      co_return result;
    }
    const bool stale = reused && !done.got_bytes && !is_timeout(done.ec) &&
                       done.ec != asio::error::operation_aborted &&
                       (may_resend || closed_by_peer(done.ec));
    if (stale && attempt == 0) {
      spdlog::debug("net: {} {}{}: pooled connection was stale ({}), sending again", req.method,
                    req.url.origin(), path, describe(done.ec));
      continue;
    }
    spdlog::debug("net: {} {}{} failed: {}", req.method, req.url.origin(), path, describe(done.ec));
    result.ec = done.ec;
    result.request_sent = done.sent;
    co_return result;
  }
}

std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace scribe::net
