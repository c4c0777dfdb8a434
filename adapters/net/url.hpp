// Absolute http/https/ws/wss URLs split into what a connection needs: which
// host and port to dial, whether to speak TLS, and the request target.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scribe::net {

struct Url {
  std::string scheme;  // lowercase: "http", "https", "ws" or "wss"
  std::string host;    // name or address, IPv6 without brackets; lowercase
  std::string port;    // always set: explicit, else 80 (http/ws) or 443 (https/wss)
  std::string target;  // path + "?" + query, percent-encoded as given; "/" if empty

  // https and wss: the connection is TLS and the peer is verified.
  bool secure() const { return scheme == "https" || scheme == "wss"; }

  // The value for the HTTP Host header: host, bracketed if IPv6, plus ":port"
  // when the port is not the scheme's default.
  std::string host_header() const;

  // "scheme://host[:port]", the key under which connections are pooled.
  std::string origin() const;

  // The whole URL again (origin + target).
  std::string to_string() const;

  // Parses an absolute URL. Returns nullopt (and a reason in *error, when
  // given) for anything that is not http, https, ws or wss with a host, or
  // that carries user:password (credentials never travel in URLs here).
  // The fragment is dropped.
  static std::optional<Url> parse(std::string_view text, std::string* error = nullptr);

  // Joins a reference onto a base, for `api_url` + "chat.postMessage" and
  // `homeserver` + "/_matrix/client/v3/sync?since=…". RFC 3986 resolution,
  // except that the base path always counts as a directory: "https://h/api" and
  // "https://h/api/" both join "chat.postMessage" to "https://h/api/chat.postMessage"
  // (a forgotten slash in config must not silently drop "/api"). A reference
  // starting with "/" replaces the path; an absolute URL replaces everything.
  static std::optional<Url> resolve(const Url& base, std::string_view reference,
                                    std::string* error = nullptr);
};

// An API base URL from the config (slack.api_url, matrix.homeserver, and the
// webhook and tracker URLs to come): http or https, else nullopt with the
// reason in `why`. check-config and the bots use this one rule.
std::optional<Url> parse_http_url(std::string_view text, std::string* why = nullptr);

// The same, for a bot's constructor: throws std::invalid_argument naming the
// config key ("slack.api_url `ws://x` is not an http(s) URL").
Url http_url_or_throw(std::string_view key, std::string_view text);

}  // namespace scribe::net
