// A Matrix response body off the wire: /sync, /messages and error bodies are
// decoded (DecodeError is the only way to refuse one) and every timeline
// event is translated for the engine.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/matrix/decoder.hpp"
#include "adapters/matrix/events.hpp"

using namespace scribe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  matrix::TranslateContext context;
  context.self_user_id = "@scribe:example.org";
  context.reaction_target = [](const std::string&) { return std::optional<std::string>("$x"); };
  context.display_name = [](const std::string& id) { return id; };

  try {
    const auto sync = matrix::decode_sync(body, context.self_user_id);
    for (const auto& [room, joined] : sync.join)
      for (const auto& event : joined.timeline.events)
        (void)matrix::to_inbound(event, room, context);
  } catch (const matrix::DecodeError&) {
  }
  try {
    const auto page = matrix::decode_messages(body);
    for (const auto& event : page.chunk) (void)matrix::to_inbound(event, "!room:x", context);
  } catch (const matrix::DecodeError&) {
  }
  try {
    (void)matrix::decode_whoami(body);
  } catch (const matrix::DecodeError&) {
  }
  try {
    (void)matrix::decode_string_field(body, "event_id");
  } catch (const matrix::DecodeError&) {
  }
  (void)matrix::decode_error(body);
  (void)matrix::strip_reply_fallback(body, true);
  (void)matrix::is_pushpin(body);
  return 0;
}
