// The [web] section of the config file, declared next to the pages it
// configures: who may read them. These pages hold every word said in an
// outage, so "none" is for a loopback listener only (the rule is checked with
// [http] listen, in bot/app/config.cpp). Header-only and protocol-free.
#pragma once

#include <string>
#include <vector>

#include "bot/core/settings_schema.hpp"

namespace scribe::web {

struct WebConfig {
  bool enabled = true;
  std::string auth = "none";  // "none", "token", "proxy"
  std::string token;          // auth = "token": secret
  // auth = "proxy": the header a trusted reverse proxy sets to the signed-in user,
  // believed only from these peers.
  std::string proxy_user_header = "X-Forwarded-User";
  std::vector<std::string> trusted_proxies{"127.0.0.1"};
  // The pages' public address: replies, reminders and drafts link to them.
  std::string base_url;
};

inline const core::settings::Section<WebConfig>& config_section() {
  static const auto section =
      core::settings::Section<WebConfig>("web")
          .flag(
              "enabled", [](WebConfig & w) -> auto& { return w.enabled; })
          .text(
              "auth", [](WebConfig & w) -> auto& { return w.auth; },
              [](const std::string& auth) {
                return auth == "none" || auth == "token" || auth == "proxy"
                           ? std::string()
                           : "web.auth `" + auth + "` must be \"none\", \"token\" or \"proxy\"";
              })
          .secret(
              "token", [](WebConfig & w) -> auto& { return w.token; }, "SCRIBE_WEB_TOKEN")
          .text(
              "proxy_user_header", [](WebConfig & w) -> auto& { return w.proxy_user_header; })
          .list("trusted_proxies", [](WebConfig& w) -> auto& { return w.trusted_proxies; })
          .text("base_url", [](WebConfig& w) -> auto& { return w.base_url; },
                [](const std::string& url) {
                  return url.empty() || url.starts_with("https://") || url.starts_with("http://")
                             ? std::string()
                             : "web.base_url `" + url + "` must start with https:// (or http://)";
                })
          .rule([](const WebConfig& w, std::vector<std::string>& problems) {
            if (w.enabled && w.auth == "token" && w.token.empty())
              problems.push_back(
                  "web.auth is \"token\" but web.token is empty (set it or SCRIBE_WEB_TOKEN)");
            if (w.enabled && w.auth == "proxy" && w.proxy_user_header.empty())
              problems.push_back("web.auth is \"proxy\" but web.proxy_user_header is empty");
          });
  return section;
}

}  // namespace scribe::web
