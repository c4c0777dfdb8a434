// Templates: the built-in ones, each overridable by a file of the same name in
// postmortem.templates_dir.
#pragma once

#include <map>
#include <string>

#include "bot/app/config.hpp"

namespace scribe::app {

inline constexpr const char* kPostmortemTemplate = "postmortem.md.mustache";

struct LoadedTemplate {
  std::string origin;  // "built-in" or the file's path
  std::string text;
};

// Every template by name, overrides applied and each one syntax-checked.
// Throws core::TemplateError naming the file of a broken template.
std::map<std::string, LoadedTemplate> load_templates(const Config& config);

}  // namespace scribe::app
