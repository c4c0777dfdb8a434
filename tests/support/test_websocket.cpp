// The server side of a test websocket: Beast async operations on the
// connection's own io_context, run by the connection thread; the test's
// handler runs on a thread of its own and talks to the session through posts
// (send, close, abort, go silent) and a locked inbox (read_text).
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <condition_variable>
#include <deque>
#include <optional>

#include "tests/support/test_server_detail.hpp"

namespace scribe::test {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
using boost::system::error_code;

TestWebSocket::TestWebSocket(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
TestWebSocket::~TestWebSocket() = default;
const TestRequest& TestWebSocket::upgrade_request() const {
  return impl_->request;
}
void TestWebSocket::send_text(std::string text) {
  impl_->post_send(std::move(text));
}
void TestWebSocket::close(std::uint16_t code) {
  impl_->post_close(code);
}
void TestWebSocket::abort() {
  impl_->post_abort();
}
void TestWebSocket::go_silent() {
  impl_->post_silence();
}

std::optional<std::string> TestWebSocket::read_text(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->arrived.wait_for(lock, timeout, [&] { return !impl_->inbox.empty() || !impl_->open; });
  if (impl_->inbox.empty()) return std::nullopt;
  std::string text = std::move(impl_->inbox.front());
  impl_->inbox.pop_front();
  return text;
}

bool TestWebSocket::is_open() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->open;
}

std::uint16_t TestWebSocket::client_close_code() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->client_close_code;
}

namespace detail {
namespace {

template <class Stream>
class Session : public TestWebSocket::Impl, public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(std::shared_ptr<Connection> conn, Stream&& stream)
      : conn_(std::move(conn)),
        ws_(std::in_place, std::move(stream)),
        work_(conn_->io.get_executor()) {}

  // On the connection thread: the whole session, until it has finished.
  void run(HttpRequestMessage upgrade, const WebSocketHandler& handler) {
    {
      std::lock_guard lock(mutex);
      serving = true;
    }
    handler_ = handler;
    // Server pings are off: the client's keep-alive is what the tests observe.
    websocket::stream_base::timeout timeouts;
    timeouts.handshake_timeout = std::chrono::seconds(5);
    timeouts.idle_timeout = websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws_->set_option(timeouts);
    ws_->async_accept(upgrade, [self = this->shared_from_this()](error_code ec) {
      if (ec) return self->finish();
      {
        std::lock_guard lock(self->mutex);
        self->open = true;
      }
      self->handler_thread_ = std::thread([self] {
        try {
          self->handler_(std::make_shared<TestWebSocket>(self));
        } catch (...) {  // a failing test handler must not take the process down
        }
      });
      self->read();
    });
    while (!finished_) conn_->io.run_one();
    {
      std::lock_guard lock(mutex);
      serving = false;  // no more posts from here on
    }
    conn_->io.restart();
    conn_->io.poll();  // completions of the operations the close cut short
    if (handler_thread_.joinable()) handler_thread_.join();
    ws_.reset();  // the stream must go before the io_context it lives on
  }

  void post_send(std::string text) override {
    post([text = std::move(text)](Session& s) mutable { s.send(std::move(text)); });
  }
  void post_close(std::uint16_t code) override {
    post([code](Session& s) { s.close(code); });
  }
  void post_abort() override {
    post([](Session& s) { s.finish(); });
  }
  void post_silence() override {
    post([](Session& s) {
      s.silent_ = true;
      error_code ignored;
      beast::get_lowest_layer(*s.ws_).socket().cancel(ignored);
    });
  }

 private:
  template <class Op>
  void post(Op op) {
    std::lock_guard lock(mutex);
    if (!serving) return;
    boost::asio::post(conn_->io, [self = this->shared_from_this(), op = std::move(op)]() mutable {
      if (!self->finished_) op(*self);
    });
  }

  void read() {
    ws_->async_read(buffer_, [self = this->shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        if (ec == websocket::error::closed) {
          std::lock_guard lock(self->mutex);
          self->client_close_code = self->ws_->reason().code;
        }
        if (!self->silent_) self->finish();
        return;
      }
      {
        std::lock_guard lock(self->mutex);
        self->inbox.push_back(beast::buffers_to_string(self->buffer_.data()));
      }
      self->arrived.notify_all();
      self->buffer_.consume(self->buffer_.size());
      if (!self->silent_ && !self->finished_) self->read();
    });
  }

  void send(std::string text) {
    outbox_.push_back(std::move(text));
    if (!writing_) write_next();
  }

  void write_next() {
    writing_ = true;
    ws_->text(true);
    ws_->async_write(boost::asio::buffer(outbox_.front()),
                     [self = this->shared_from_this()](error_code ec, std::size_t) {
                       self->writing_ = false;
                       if (ec || self->finished_) return self->outbox_.clear();
                       self->outbox_.pop_front();
                       if (!self->outbox_.empty()) return self->write_next();
                       if (self->close_code_) self->start_close();
                     });
  }

  void close(std::uint16_t code) {
    close_code_ = code;
    if (!writing_) start_close();  // else after the queued sends
  }

  void start_close() {
    if (closing_) return;
    closing_ = true;
    ws_->async_close(websocket::close_reason(*close_code_),
                     [self = this->shared_from_this()](error_code) { self->finish(); });
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    conn_->close_socket(beast::get_lowest_layer(*ws_));
    {
      std::lock_guard lock(mutex);
      open = false;
    }
    arrived.notify_all();
    work_.reset();
  }

  std::shared_ptr<Connection> conn_;  // first member: the io_context outlives the rest
  std::optional<websocket::stream<Stream>> ws_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  WebSocketHandler handler_;
  std::thread handler_thread_;
  beast::flat_buffer buffer_;
  std::deque<std::string> outbox_;  // the fields from here on: io thread only
  bool writing_ = false;
  bool closing_ = false;
  bool silent_ = false;
  std::atomic<bool> finished_{false};
  std::optional<std::uint16_t> close_code_;
};

template <class Stream>
void run_session(const std::shared_ptr<Connection>& conn, Stream&& stream,
                 HttpRequestMessage&& upgrade, TestRequest info, const WebSocketHandler& handler) {
  {
    std::unique_lock lock(conn->mutex);
    if (conn->dropped) {
      lock.unlock();
      return conn->close_socket(beast::get_lowest_layer(stream));
    }
  }
  auto session = std::make_shared<Session<Stream>>(conn, std::move(stream));
  session->request = std::move(info);
  {
    std::lock_guard lock(conn->mutex);
    conn->websocket = session;
  }
  session->run(std::move(upgrade), handler);
  std::lock_guard lock(conn->mutex);
  conn->websocket.reset();  // no cycle: the session may outlive the connection, not v.v.
}

}  // namespace

void run_websocket(const std::shared_ptr<Connection>& conn, beast::tcp_stream&& stream,
                   HttpRequestMessage&& upgrade, TestRequest info,
                   const WebSocketHandler& handler) {
  run_session(conn, std::move(stream), std::move(upgrade), std::move(info), handler);
}

void run_websocket(const std::shared_ptr<Connection>& conn, TlsStream&& stream,
                   HttpRequestMessage&& upgrade, TestRequest info,
                   const WebSocketHandler& handler) {
  run_session(conn, std::move(stream), std::move(upgrade), std::move(info), handler);
}

}  // namespace detail
}  // namespace scribe::test
