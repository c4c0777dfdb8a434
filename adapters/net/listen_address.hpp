// "host:port" as written in `http.listen`: "127.0.0.1:9464", "0.0.0.0:9464",
// "[::1]:9464", "localhost:9464". Header-only so config validation can use it
// without linking the network layer.
#pragma once

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace scribe::net {

struct ListenAddress {
  std::string host;  // without brackets
  unsigned short port = 0;
};

// Empty when `text` is not host:port with a port 0..65535 (0: any free port).
inline std::optional<ListenAddress> parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    return std::nullopt;
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return std::nullopt;  // a bare IPv6 address needs brackets
  }
  for (char c : host)
    if (c == ' ' || c == '/' || c == '[' || c == ']') return std::nullopt;
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535)
    return std::nullopt;
  return ListenAddress{std::string(host), static_cast<unsigned short>(port)};
}

// Whether `listen` is reachable from this machine only (127.x, ::1, localhost).
inline bool is_loopback_listen(std::string_view listen) {
  const auto address = parse_listen_address(listen);
  return address && (address->host == "localhost" || address->host == "::1" ||
                     address->host.starts_with("127."));
}

}  // namespace scribe::net
