// The follow-through keys of the config ([reminders] with the contract's
// two, [nudges], [digest], and the postmortem thresholds). Private to config.cpp.
#pragma once

#include <toml++/toml.h>

#include "bot/app/config.hpp"

namespace scribe::app {

// Reads the follow-through keys of `root` into `c`; unknown keys are refused by
// config.cpp's key table before this runs. Problems go to `problems`.
void read_follow_through(const toml::table& root, Config& c, ConfigProblems& problems);
void validate_follow_through(const Config& c, ConfigProblems& problems);

}  // namespace scribe::app
