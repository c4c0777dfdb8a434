// The [matrix] section of the config file, declared next to the bot it
// configures: the homeserver account and how incidents get their rooms.
// Header-only and protocol-free (bot/core/settings_schema.hpp), so a build
// without the chat adapters still reads the section and can say it has no Matrix.
#pragma once

#include <string>
#include <vector>

#include "bot/core/settings_schema.hpp"

namespace scribe::matrix {

struct MatrixConfig {
  bool enabled = false;
  std::string homeserver;    // https://matrix.example.org, or http://127.0.0.1:PORT locally
  std::string user_id;       // expected account; whoami's answer is what counts
  std::string access_token;  // secret: sent only in the Authorization header, never logged
  // Invites are accepted from these only: "@alice:example.org" (a user) or
  // ":example.org" (anyone on that server). Empty: from anyone. Others are declined.
  std::vector<std::string> allowed_inviters;
  // "dedicated": `start` creates a room per incident. "in_place": the incident
  // lives in the room it was declared in (the engine must then keep Matrix
  // incidents in place too: EngineOptions::in_place_platforms).
  std::string incident_rooms = "dedicated";

  bool dedicated_rooms() const { return incident_rooms != "in_place"; }
};

inline const core::settings::Section<MatrixConfig>& config_section() {
  static const auto section =
      core::settings::Section<MatrixConfig>("matrix")
          .flag("enabled", [](MatrixConfig& m) -> auto& { return m.enabled; })
          .text("homeserver", [](MatrixConfig& m) -> auto& { return m.homeserver; })
          .text("user_id", [](MatrixConfig& m) -> auto& { return m.user_id; })
          .secret("access_token", [](MatrixConfig& m) -> auto& { return m.access_token; },
                  "SCRIBE_MATRIX_ACCESS_TOKEN")
          .list("allowed_inviters", [](MatrixConfig& m) -> auto& { return m.allowed_inviters; },
                [](const std::string& who) {
                  return !who.empty() && (who[0] == '@' || who[0] == ':')
                             ? std::string()
                             : "`matrix.allowed_inviters` entries must be \"@user:server\" or "
                               "\":server\"";
                })
          .text("incident_rooms", [](MatrixConfig& m) -> auto& { return m.incident_rooms; },
                [](const std::string& mode) {
                  return mode == "dedicated" || mode == "in_place"
                             ? std::string()
                             : "matrix.incident_rooms `" + mode +
                                   "` must be \"dedicated\" or \"in_place\"";
                })
          .rule([](const MatrixConfig& m, std::vector<std::string>& problems) {
            if (m.enabled && (m.homeserver.empty() || m.user_id.empty() || m.access_token.empty()))
              problems.push_back(
                  "matrix is enabled but homeserver, user_id or access_token is missing");
          });
  return section;
}

}  // namespace scribe::matrix
