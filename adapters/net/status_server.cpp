// The status endpoint's routes on the shared HttpServer.
#include "adapters/net/status_server.hpp"

#include "adapters/net/http_server.hpp"

namespace scribe::net {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kPrometheusText = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kPlainText = "text/plain; charset=utf-8";

ServerResponse text(int status, std::string body) {
  return ServerResponse{status, std::string(kPlainText), std::move(body), {}, false};
}

}  // namespace

struct StatusServer::Impl {
  Impl(boost::asio::io_context& io, Handler health_, Handler metrics_, Options options)
      : health(std::move(health_)),
        metrics(std::move(metrics_)),
        pages(std::move(options.pages)),
        server(io, [this](const ServerRequest& req) { return route(req); },
               HttpServer::Options{options.max_request_bytes,
                                   options.max_request_bytes,
                                   options.timeout,
                                   options.max_connections,
                                   {},
                                   nullptr,
                                   "http.listen"}) {}

  ServerResponse route(const ServerRequest& req) {
    const std::string_view path = req.path();
    const Handler* handler = nullptr;
    std::string_view type;
    if (path == "/healthz") {
      handler = &health;
      type = kJson;
    } else if (path == "/metrics") {
      handler = &metrics;
      type = kPrometheusText;
    }
    if (handler == nullptr && pages) return pages(req);
    if (handler == nullptr) return text(404, "not found; try /healthz or /metrics\n");
    if (req.method != "GET") {
      auto res = text(405, "only GET\n");
      res.headers.emplace_back("Allow", "GET");
      return res;
    }
    if (!*handler) return text(503, "shutting down\n");
    auto [status, body] = (*handler)();
    return ServerResponse{status, std::string(type), std::move(body), {}, false};
  }

  Handler health;
  Handler metrics;
  std::function<ServerResponse(const ServerRequest&)> pages;
  HttpServer server;
};

StatusServer::StatusServer(boost::asio::io_context& io, Handler health, Handler metrics)
    : StatusServer(io, std::move(health), std::move(metrics), Options{}) {}

StatusServer::StatusServer(boost::asio::io_context& io, Handler health, Handler metrics,
                           Options options)
    : impl_(std::make_shared<Impl>(io, std::move(health), std::move(metrics), options)) {}

StatusServer::~StatusServer() {
  stop();
}

bool StatusServer::start(std::string_view listen) {
  return impl_->server.start(listen);
}

unsigned short StatusServer::port() const {
  return impl_->server.port();
}

void StatusServer::stop() {
  impl_->server.stop();
}

}  // namespace scribe::net
