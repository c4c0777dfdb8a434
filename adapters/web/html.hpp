// HTML for the web view: every piece of user text escaped, one page layout,
// and the headers that keep the pages inert (no script, nothing framed).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "adapters/net/http_server.hpp"
#include "bot/core/types.hpp"

namespace scribe::web {

// Text as HTML: & < > " ' escaped, so it is text in any element or attribute.
std::string escape(std::string_view text);

// A whole page: the layout with its navigation around `body` (HTML).
std::string page(std::string_view title, std::string_view body);

// 200 text/html with the Content-Security-Policy and friends.
net::ServerResponse html_response(std::string body, int status = 200);
net::ServerResponse text_response(int status, std::string_view text);
net::ServerResponse with_safety_headers(net::ServerResponse response);

// The query string's parameters, percent-decoded ("+" is a space).
std::map<std::string, std::string> query_of(std::string_view target);
// Percent-encoded for a URL's query.
std::string url_encode(std::string_view text);

// An action item's tracker issue: its key linked to its page (http(s) only),
// the key alone without a usable URL, "" when it has no issue.
std::string tracker_link(const core::TrackerLink& link);

// The stylesheet served at /static/scribe.css.
std::string_view stylesheet();

}  // namespace scribe::web
