// Small text helpers shared by the core's parsers.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace scribe::core {

// ASCII lowercase, whatever the C++ locale: commands, keywords, zone words
// and the review's phrases are ASCII; other bytes (UTF-8 text) are left alone.
inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace scribe::core

namespace scribe::core {

// Text as it may be stored and shown: valid UTF-8, with each byte that does
// not start a well-formed sequence (stray continuation bytes, overlong forms,
// surrogates, beyond U+10FFFF, cut-off sequences) replaced by U+FFFD, and NUL
// bytes dropped. Valid text comes back unchanged.
std::string clean_text(std::string_view text);

// Text as markup (HTML, SVG, Matrix's HTML body): & < > " ' as entities, so
// it is text in any element or quoted attribute.
std::string markup_escape(std::string_view text);

// The text on one line: line breaks and tabs as single spaces, other control
// characters dropped, trimmed.
std::string one_line(const std::string& text);
// At most `max_bytes` bytes, cut between UTF-8 sequences and ended with "…"
// when it was cut.
std::string shortened(std::string text, std::size_t max_bytes);
// An http(s) URL a link can carry as it is: nothing in it that ends a
// Markdown link or an HTML attribute early.
bool is_web_link(std::string_view url);

// "a, b, c" for {"a", "b", "c"} and ", ".
std::string join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace scribe::core
