// Private to the config files: the parts of reading a config that need more
// than one section's schema ([people], the rules across sections).
#pragma once

#include <string_view>

#include <toml++/toml.h>

#include "bot/app/config.hpp"

namespace scribe::app::config_detail {

// [people] takes any key: a person and their zone (and tracker accounts).
inline constexpr std::string_view kPeople = "people";

void read_people(const toml::table& root, Config& c, ConfigProblems& problems);
// What depends on the file system or on several sections at once.
void validate(const Config& c, ConfigProblems& problems);

}  // namespace scribe::app::config_detail
