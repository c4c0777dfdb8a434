// `scribe run`: Slack and/or Matrix on one io_context until SIGTERM/SIGINT.
#pragma once

#include "bot/app/config.hpp"

namespace scribe::app {

// Serves until a signal asks to stop (exit 0 once the work in hand is done) or
// a platform refuses our credentials (exit 1). SIGHUP reloads templates.
int serve(const Config& config);

// `scribe web`: the pages of data_dir on [http] listen, read-only, until SIGTERM/SIGINT.
int serve_web(const Config& config);

}  // namespace scribe::app
