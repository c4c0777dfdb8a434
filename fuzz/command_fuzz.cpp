// The `/incident` grammar: whatever people type, parsing answers with a
// command or a usage line, and never crashes or throws.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/core/command.hpp"

using namespace scribe::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const ParseContext contexts[] = {
      {from_epoch_ms(1773326770000), "UTC", false},              // 2026-03-12T14:46:10Z
      {from_epoch_ms(1773326770000), "America/New_York", true},  // console: bare names
  };
  for (const auto& context : contexts) {
    const CommandParse parsed = parse_command(text, context);
    if (!parsed.command && parsed.error.empty()) __builtin_trap();  // one or the other
    if (auto args = command_arguments(text)) (void)parse_command(*args, context);
  }
  (void)parse_user(text, false);
  (void)parse_user(text, true);
  (void)parse_action_ref(text);
  (void)parse_incident_ref(text);
  (void)help_text(text);
  return 0;
}
