#include "adapters/chat/chat_bot.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <variant>

#include "bot/core/overloaded.hpp"

namespace scribe::chat {

EffectSink::EffectSink(std::string platform, net::OutboundQueue& queue, DraftHandler on_draft)
    : platform_(std::move(platform)), queue_(queue), on_draft_(std::move(on_draft)) {}

void EffectSink::push(net::SendJob job, std::string label, std::string destination) {
  queue_.push(std::move(job), std::move(label), std::move(destination));
}

void EffectSink::deliver(std::vector<core::Outbound> effects) {
  for (auto& effect : effects)
    std::visit(core::overloaded{
                   [&](core::PostMessage& m) { post_message(std::move(m)); },
                   [&](core::PostFile& f) { post_file(std::move(f)); },
                   [&](core::OpenChannel& o) { open_channel(std::move(o)); },
                   [&](core::DirectMessage& d) { direct_message(std::move(d)); },
                   [&](core::DraftReady& d) { draft_ready(d); },
               },
               effect);
}

void EffectSink::draft_ready(const core::DraftReady& draft) {
  if (!on_draft_) return;
  try {
    on_draft_(draft);
  } catch (const std::exception& e) {
    spdlog::error("{}: writing draft v{} of {} failed: {}", platform_, draft.version,
                  core::incident_ref(draft.incident), e.what());
  }
}

}  // namespace scribe::chat
