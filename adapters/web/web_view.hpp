// The web view: read-only pages over the store, server-rendered, no script.
//   /                            incidents (open first), filtered and searched
//   /incidents/INC-n             figures, the picture, entries, items, transcript, drafts
//   /incidents/INC-n/timeline.svg  the picture alone
//   /incidents/INC-n/drafts/<v>  a draft version (.md: the raw file)
//   /actions                     open and overdue items by owner, completion
//   /insights                    per month and severity: counts, time to detect ... resolve
//   /api/incidents[/INC-n]       the same data as JSON
// Nothing in a URL names a file: every page is read from the database.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "adapters/net/http_server.hpp"
#include "bot/core/repositories.hpp"

namespace scribe::web {

struct WebViewOptions {
  std::string zone = "UTC";                         // the display zone
  std::map<std::string, std::string> people_zones{};  // an owner's zone, for "overdue"
  std::function<core::Instant()> now = core::wall_clock_now;
};

class WebView {
 public:
  WebView(core::Store& store, WebViewOptions options);

  // GET and HEAD; anything else is 405. Access is checked before (WebAccess).
  net::ServerResponse handle(const net::ServerRequest& request);

 private:
  net::ServerResponse route(const net::ServerRequest& request);
  net::ServerResponse incident_list(const net::ServerRequest& request);
  net::ServerResponse incident_page(std::int64_t number);
  net::ServerResponse timeline_picture(std::int64_t number);
  net::ServerResponse draft_page(std::int64_t number, const std::string& version);
  net::ServerResponse api(std::string_view path);

  core::Store& store_;
  WebViewOptions options_;
};

}  // namespace scribe::web
