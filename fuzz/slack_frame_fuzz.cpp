// A Socket Mode text frame off the wire: decoded, translated for the engine
// and acked, whatever it holds. Decoding never throws (decoder.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/slack/decoder.hpp"

using namespace scribe;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const slack::SocketFrame frame = slack::decode_frame(text);
  if (frame.kind == slack::SocketFrame::Kind::envelope) {
    const slack::Identity self{"U0SCRIBE", "B0SCRIBE"};
    const auto translated =
        slack::to_inbound(frame.envelope, self, core::from_epoch_ms(1773326770000));
    if (!translated.inbound && translated.skipped.empty()) __builtin_trap();
    (void)slack::encode_ack(frame.envelope.envelope_id, slack::AckPayload{"ok", false});
  }
  (void)slack::encode_ack(frame.envelope.envelope_id, std::nullopt);
  (void)slack::ts_to_instant(text);
  return 0;
}
