#include "bot/core/settings_schema.hpp"

#include "bot/core/time.hpp"

namespace scribe::core::settings {

std::optional<Millis> read_duration(const std::string& text, Off off) {
  if (text == "off" || text == "0") {
    if (off == Off::refused) return std::nullopt;
    return Millis{0};
  }
  return parse_duration(text);
}

std::string duration_problem(Off off) {
  return off == Off::allowed ? "must be a duration like 15m, 2h or 3d, or \"off\""
                             : "must be a duration like 15m, 2h or 3d";
}

}  // namespace scribe::core::settings
