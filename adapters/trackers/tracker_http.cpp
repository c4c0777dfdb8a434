#include "adapters/trackers/tracker_http.hpp"

#include <boost/json.hpp>

#include "adapters/net/errors.hpp"
#include "adapters/net/json_fields.hpp"

namespace scribe::trackers {

namespace json = boost::json;

TrackerHttp::TrackerHttp(net::HttpClient& client, net::Url base, net::HttpHeaders headers,
                         net::RateLimitHint hint, std::vector<std::string> secrets)
    : client_(client),
      base_(std::move(base)),
      headers_(std::move(headers)),
      hint_(std::move(hint)),
      secrets_(std::move(secrets)) {
  std::erase_if(secrets_, [](const std::string& s) { return s.empty(); });
}

boost::asio::awaitable<JsonReply> TrackerHttp::send(std::string method, const std::string& path,
                                                    const json::value& body) {
  JsonReply reply;
  std::string why;
  const auto url = net::Url::resolve(base_, path, &why);
  if (!url) {
    reply.outcome = net::SendOutcome::permanent_failure("bad URL " + path + ": " + why);
    co_return reply;
  }
  net::HttpRequest request;
  request.method = std::move(method);
  request.url = *url;
  request.headers = headers_;
  request.headers.emplace_back("Accept", "application/json");
  if (!body.is_null()) {
    request.body = json::serialize(body);
    request.content_type = "application/json";
  }
  reply.raw = co_await client_.request(std::move(request));
  reply.status = reply.raw.status;
  if (!reply.raw.ec) {
    json::error_code ec;
    reply.body = json::parse(reply.raw.body, ec);
    if (ec) reply.body = nullptr;
  }
  reply.outcome = net::send_outcome(reply.raw, net::RetryPolicy{}, hint_);
  if (reply.outcome.kind != net::SendOutcome::Kind::done && reply.outcome.reason.empty())
    reply.outcome.reason = failure_text(reply);
  if (reply.outcome.kind == net::SendOutcome::Kind::permanent_failure)
    reply.outcome.reason = failure_text(reply);
  for (const auto& secret : secrets_)
    for (auto at = reply.outcome.reason.find(secret); at != std::string::npos;
         at = reply.outcome.reason.find(secret, at))
      reply.outcome.reason.replace(at, secret.size(), "[redacted]");
  co_return reply;
}

std::string failure_text(const JsonReply& reply) {
  if (reply.raw.ec) return net::describe(reply.raw.ec);
  std::string text = "HTTP " + std::to_string(reply.status);
  // GitHub: {"message": …}; Jira: {"errorMessages": […], "errors": {field: …}}.
  std::string said = net::json::str(reply.body, "message");
  if (const auto* o = reply.body.if_object()) {
    if (const auto* list = net::json::array_at(*o, "errorMessages"))
      for (const auto& m : *list)
        if (m.is_string()) said += (said.empty() ? "" : "; ") + std::string(m.get_string());
    if (const auto* errors = net::json::object_at(*o, "errors"))
      for (const auto& [field, m] : *errors)
        if (m.is_string())
          said +=
              (said.empty() ? "" : "; ") + std::string(field) + ": " + std::string(m.get_string());
  }
  if (said.size() > 200) said.resize(200);
  return said.empty() ? text : text + ": " + said;
}

}  // namespace scribe::trackers
