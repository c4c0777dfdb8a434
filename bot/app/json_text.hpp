// Writing JSON strings by hand where pulling in a JSON library would be
// overkill (log lines, the /healthz body).
#pragma once

#include <string>
#include <string_view>

namespace scribe::app {

// Appends `text` as a quoted JSON string: `"` `\` and control characters are
// escaped, and bytes that are not valid UTF-8 become U+FFFD, so the result is
// always valid JSON whatever came off the wire.
void append_json_string(std::string& out, std::string_view text);
std::string json_string(std::string_view text);

}  // namespace scribe::app
