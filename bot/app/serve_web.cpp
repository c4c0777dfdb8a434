// `scribe web`: the web view of data_dir, read-only and without chat, for
// teams on the console or replay (another Scribe may be writing meanwhile).
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>

#include "adapters/net/listen_address.hpp"
#include "adapters/net/status_server.hpp"
#include "adapters/web/web_access.hpp"
#include "adapters/web/web_view.hpp"
#include "bot/app/health.hpp"
#include "bot/app/serve.hpp"
#include "storage/sqlite_store.hpp"

namespace scribe::app {

int serve_web(const Config& config) {
  if (!config.web.enabled)
    throw ConfigError(config.source + ": web.enabled is false: there is nothing to serve");
  if (config.http.listen.empty())
    throw ConfigError(config.source + ": http.listen is \"\": the web view has no address");
  auto store = storage::open_store(config.database_path());
  boost::asio::io_context io;
  web::WebAccess access(config.web);
  web::WebView view(*store, web::WebViewOptions{config.timezone, config.people});
  net::StatusServer::Options options;
  options.pages = [&](const net::ServerRequest& req) {
    if (auto refused = access.refusal(req)) return std::move(*refused);
    return view.handle(req);
  };
  net::StatusServer server(
      io,
      [&] {
        HealthReport report;
        report.add(storage_health(config.data_dir, config.database_path()));
        return report.response();
      },
      [] {
        return std::pair<int, std::string>{200, ""};
      },
      options);
  server.start(config.http.listen);
  const auto listen = net::parse_listen_address(config.http.listen);
  spdlog::info("incidents on http://{}:{}/ (web.auth {}, read-only)", listen ? listen->host : "?",
               server.port(), config.web.auth);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    server.stop();
  });
  io.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace scribe::app
