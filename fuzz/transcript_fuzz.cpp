// One replay transcript line: a message, a skip, or a one-line error.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/console/transcript.hpp"

using namespace scribe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const auto parsed = console::parse_transcript_line(line);
  if (parsed.message && !parsed.error.empty()) __builtin_trap();  // never both
  if (parsed.message) {
    const auto id = console::replay_event_id(*parsed.message, 2);
    const core::Inbound inbound = console::to_inbound(*parsed.message, id);
    (void)inbound;
  }
  return 0;
}
