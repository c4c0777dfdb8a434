#include "bot/core/text.hpp"

namespace scribe::core {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The length of the well-formed sequence starting at `at`, or 0.
// (Unicode 15, table 3-7: the second byte's range depends on the first.)
std::size_t sequence_length(std::string_view s, std::size_t at) {
  const auto byte = [&](std::size_t k) {
    return at + k < s.size() ? static_cast<unsigned char>(s[at + k]) : 0u;
  };
  const unsigned char b0 = byte(0);
  if (b0 < 0x80) return 1;
  const unsigned char b1 = byte(1);
  if (b0 >= 0xC2 && b0 <= 0xDF) return is_continuation(b1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    const bool second_ok = b0 == 0xE0   ? (b1 >= 0xA0 && b1 <= 0xBF)
                           : b0 == 0xED ? (b1 >= 0x80 && b1 <= 0x9F)  // no surrogates
                                        : is_continuation(b1);
    return second_ok && is_continuation(byte(2)) ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    const bool second_ok = b0 == 0xF0   ? (b1 >= 0x90 && b1 <= 0xBF)
                           : b0 == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F)  // at most U+10FFFF
                                        : is_continuation(b1);
    return second_ok && is_continuation(byte(2)) && is_continuation(byte(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

std::string clean_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (text[at] == '\0') {
      ++at;
      continue;
    }
    const std::size_t length = sequence_length(text, at);
    if (length == 0) {
      out += kReplacement;
      ++at;
      continue;
    }
    out.append(text.substr(at, length));
    at += length;
  }
  return out;
}

std::string one_line(const std::string& text) {
  std::string line;
  line.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\r' || c == '\n' || c == '\t' || c == '\v' || c == '\f') {
      if (line.empty() || line.back() != ' ') line += ' ';
    } else if (c >= 0x20 && c != 0x7f) {
      line += static_cast<char>(c);
    }
  }
  const auto first = line.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return line.substr(first, line.find_last_not_of(' ') - first + 1);
}

std::string shortened(std::string text, std::size_t max_bytes) {
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes > kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (cut > 0 && is_continuation(static_cast<unsigned char>(text[cut]))) --cut;
  text.resize(cut);
  return text + std::string(kEllipsis);
}

bool is_web_link(std::string_view url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == '<' ||
           c == '>' || c == '"' || c == '\'' || c == '`';
  });
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::string markup_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace scribe::core
