// Templates compiled into the binary from templates/*.mustache.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace scribe::templates {

struct BuiltinTemplate {
  std::string_view name;  // file name, e.g. "postmortem.md.mustache"
  std::string_view text;
};

std::span<const BuiltinTemplate> builtin();
std::optional<std::string_view> find_builtin(std::string_view name);

}  // namespace scribe::templates
