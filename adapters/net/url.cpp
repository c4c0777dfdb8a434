// Url parsing and joining on Boost.URL.
#include "adapters/net/url.hpp"

#include <stdexcept>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cctype>

namespace scribe::net {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const char* default_port(std::string_view scheme) {
  return (scheme == "https" || scheme == "wss") ? "443" : "80";
}

bool fail(std::string* error, std::string reason) {
  if (error) *error = std::move(reason);
  return false;
}

bool from_view(const boost::urls::url_view& view, Url& out, std::string* error) {
  out.scheme = lowercase(view.scheme());
  if (out.scheme != "http" && out.scheme != "https" && out.scheme != "ws" && out.scheme != "wss")
    return fail(error, "scheme must be http, https, ws or wss");
  if (!view.has_authority()) return fail(error, "no host");
  if (view.has_userinfo()) return fail(error, "credentials in URLs are not accepted");
  switch (view.host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
      out.host = view.host_address();  // IPv6 without brackets, ready for the resolver
      break;
    case boost::urls::host_type::name:
      out.host = lowercase(view.host_name());
      break;
    default:
      return fail(error, "unsupported host");
  }
  if (out.host.empty()) return fail(error, "no host");
  if (view.has_port() && !view.port().empty()) {
    auto n = view.port_number();
    if (n == 0) return fail(error, "bad port");
    out.port = std::to_string(n);
  } else {
    out.port = default_port(out.scheme);
  }
  out.target = std::string(view.encoded_path());
  if (out.target.empty()) out.target = "/";
  if (view.has_query()) out.target += "?" + std::string(view.encoded_query());
  return true;
}

}  // namespace

std::string Url::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != default_port(scheme)) h += ":" + port;
  return h;
}

std::string Url::origin() const {
  return scheme + "://" + host_header();
}

std::string Url::to_string() const {
  return origin() + target;
}

std::optional<Url> Url::parse(std::string_view text, std::string* error) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    fail(error, "not an absolute URL: " + parsed.error().message());
    return std::nullopt;
  }
  Url url;
  if (!from_view(*parsed, url, error)) return std::nullopt;
  return url;
}

std::optional<Url> Url::resolve(const Url& base, std::string_view reference, std::string* error) {
  auto ref = boost::urls::parse_uri_reference(reference);
  if (!ref) {
    fail(error, "not a URL reference: " + ref.error().message());
    return std::nullopt;
  }
  // The base's path counts as a directory: drop its query, end it with "/".
  std::string directory = base.target.substr(0, base.target.find('?'));
  if (directory.empty() || directory.back() != '/') directory += '/';
  const std::string base_text = base.origin() + directory;  // the view below points into it
  auto base_view = boost::urls::parse_uri(base_text);
  if (!base_view) {
    fail(error, "bad base URL");
    return std::nullopt;
  }
  boost::urls::url joined;
  auto resolved = boost::urls::resolve(*base_view, *ref, joined);
  if (!resolved) {
    fail(error, "cannot join: " + resolved.error().message());
    return std::nullopt;
  }
  Url url;
  if (!from_view(joined, url, error)) return std::nullopt;
  return url;
}

std::optional<Url> parse_http_url(std::string_view text, std::string* why) {
  std::string error;
  auto url = Url::parse(text, &error);
  if (url && url->scheme != "http" && url->scheme != "https") {
    error = "the scheme must be http or https, not " + url->scheme;
    url.reset();
  }
  if (!url && why) *why = error;
  return url;
}

Url http_url_or_throw(std::string_view key, std::string_view text) {
  std::string why;
  auto url = parse_http_url(text, &why);
  if (!url)
    throw std::invalid_argument(std::string(key) + " `" + std::string(text) +
                                "` is not an http(s) URL" + (why.empty() ? "" : ": " + why));
  return *url;
}

}  // namespace scribe::net
