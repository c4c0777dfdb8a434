// The [slack] section of the config file, declared next to the bot it
// configures: what a deployment says about its Slack app. Header-only and
// protocol-free (bot/core/settings_schema.hpp), so a build without the chat
// adapters still reads the section and can say it has no Slack.
#pragma once

#include <string>
#include <vector>

#include "bot/core/settings_schema.hpp"

namespace scribe::slack {

struct SlackConfig {
  bool enabled = false;
  std::string app_token;  // xapp-… (connections:write), for apps.connections.open: secret
  std::string bot_token;  // xoxb-…, for everything else: secret
  std::string api_url = "https://slack.com/api/";  // or http://127.0.0.1:PORT/api/ in tests
};

inline const core::settings::Section<SlackConfig>& config_section() {
  static const auto section =
      core::settings::Section<SlackConfig>("slack")
          .flag("enabled", [](SlackConfig& s) -> auto& { return s.enabled; })
          .secret("app_token", [](SlackConfig& s) -> auto& { return s.app_token; },
                  "SCRIBE_SLACK_APP_TOKEN")
          .secret("bot_token", [](SlackConfig& s) -> auto& { return s.bot_token; },
                  "SCRIBE_SLACK_BOT_TOKEN")
          .text("api_url", [](SlackConfig& s) -> auto& { return s.api_url; })
          .rule([](const SlackConfig& s, std::vector<std::string>& problems) {
            if (s.enabled && (s.app_token.empty() || s.bot_token.empty()))
              problems.push_back(
                  "slack is enabled but app_token or bot_token is missing "
                  "(set them or SCRIBE_SLACK_APP_TOKEN / SCRIBE_SLACK_BOT_TOKEN)");
          });
  return section;
}

}  // namespace scribe::slack
