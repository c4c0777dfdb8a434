// Small text helpers shared by the core's parsers.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace scribe::core {

// ASCII lowercase: commands and keywords are ASCII; user text is left alone.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace scribe::core

namespace scribe::core {

// Text as it may be stored and shown: valid UTF-8, with each byte that does
// not start a well-formed sequence (stray continuation bytes, overlong forms,
// surrogates, beyond U+10FFFF, cut-off sequences) replaced by U+FFFD, and NUL
// bytes dropped. Valid text comes back unchanged.
std::string clean_text(std::string_view text);

}  // namespace scribe::core
