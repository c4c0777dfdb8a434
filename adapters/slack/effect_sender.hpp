// The core's effects carried out on Slack through the outbound queue: in
// order, 429s delay and never drop, each multi-step effect (open a channel,
// DM, upload a file) resumes at the step that was rate limited.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/chat/chat_bot.hpp"
#include "adapters/net/outbound_queue.hpp"
#include "adapters/slack/web_api_client.hpp"
#include "bot/core/types.hpp"

namespace scribe::slack {

// The engine's side of OpenChannel: report the new channel's id.
using BindChannel = std::function<void(std::int64_t incident, const std::string& channel)>;
using chat::DraftHandler;

// Slack renders "<@U123>" as a mention; the core writes "@U123". Rewrites the
// ids in `mentions`, and any other "@U…"/"@W…" user id in the text.
std::string slack_text(const std::string& text, const std::vector<std::string>& mentions);

// "inc-20260312-api-down" -> "inc-20260312-api-down-2" for attempt 2, cut so
// the whole name stays within Slack's 80 characters.
std::string numbered_channel_name(const std::string& name, int attempt);

// Carries the core's effects out on Slack; `bind` is told each new
// incident channel's id as soon as conversations.create answers.
std::unique_ptr<chat::EffectSink> make_effect_sender(WebApiClient& api, net::OutboundQueue& queue,
                                                     BindChannel bind, DraftHandler on_draft);

}  // namespace scribe::slack
