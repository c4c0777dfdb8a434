#include "bot/core/channel_name.hpp"

#include <cctype>

namespace scribe::core {
namespace {
constexpr std::size_t kMaxChannelName = 80;  // Slack's limit; Matrix aliases follow it too

std::string trim_hyphens(std::string s) {
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s;
}
}  // namespace

std::string slugify(std::string_view title) {
  std::string slug;
  bool pending_hyphen = false;
  for (unsigned char c : title) {
    if (c < 0x80 && std::isalnum(c)) {
      if (pending_hyphen && !slug.empty()) slug += '-';
      pending_hyphen = false;
      slug += static_cast<char>(std::tolower(c));
    } else if (c != '\'') {  // "don't" -> "dont", not "don-t"
      pending_hyphen = true;
    }
  }
  return slug.empty() ? "incident" : slug;
}

std::string incident_channel_name(std::string_view yyyymmdd, std::string_view title,
                                  const std::function<bool(const std::string&)>& taken) {
  const std::string prefix = "inc-" + std::string(yyyymmdd) + "-";
  const std::string slug = slugify(title);
  for (int n = 1;; ++n) {
    const std::string suffix = n == 1 ? "" : "-" + std::to_string(n);
    const std::size_t room = kMaxChannelName - prefix.size() - suffix.size();
    const std::string name =
        prefix + trim_hyphens(slug.size() > room ? slug.substr(0, room) : slug) + suffix;
    if (!taken(name)) return name;
  }
}

}  // namespace scribe::core
