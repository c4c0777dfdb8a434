// The HTTP both trackers speak: JSON requests with their credentials, and the
// answer sorted by the outbound rules (net::classify) plus each tracker's own
// way of saying "slow down" (GitHub's 403 secondary limit).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

#include "adapters/net/http_client.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "adapters/net/retrying.hpp"

namespace scribe::trackers {

struct JsonReply {
  net::SendOutcome outcome;  // done for 2xx
  int status = 0;
  boost::json::value body;  // null when the body is not JSON
  net::HttpResult raw;
};

class TrackerHttp {
 public:
  // `base`: the API's root ("https://api.github.com/"); `headers`: sent with
  // every request (credentials, Accept). `hint`: the tracker's rate-limit rule.
  // `secrets`: never repeated in a failure's reason, which reaches the
  // incident channel (a tracker may echo what it was sent).
  TrackerHttp(net::HttpClient& client, net::Url base, net::HttpHeaders headers,
              net::RateLimitHint hint = {}, std::vector<std::string> secrets = {});

  // `path` relative to the base ("repos/acme/web/issues"); `body` JSON or null.
  boost::asio::awaitable<JsonReply> send(std::string method, const std::string& path,
                                         const boost::json::value& body = nullptr);
  const net::Url& base() const { return base_; }

 private:
  net::HttpClient& client_;
  net::Url base_;
  net::HttpHeaders headers_;
  net::RateLimitHint hint_;
  std::vector<std::string> secrets_;
};

// "404 Not Found: <the tracker's message>" for the log and the channel.
std::string failure_text(const JsonReply& reply);

}  // namespace scribe::trackers
