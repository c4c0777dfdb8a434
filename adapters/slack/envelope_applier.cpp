#include "adapters/slack/envelope_applier.hpp"

#include <spdlog/spdlog.h>

#include "adapters/slack/effect_sender.hpp"

namespace scribe::slack {

namespace asio = boost::asio;

EnvelopeApplier::EnvelopeApplier(core::IncidentEngine& engine, EffectSink effects,
                                 UserDirectory* users, std::chrono::milliseconds lookup_budget,
                                 Clock clock)
    : engine_(engine),
      effects_(std::move(effects)),
      users_(users),
      lookup_budget_(lookup_budget),
      clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return core::wall_clock_now(); };
}

asio::awaitable<std::vector<std::optional<AckPayload>>> EnvelopeApplier::apply(
    const std::vector<Envelope>& batch) {
  const core::Instant now = clock_();
  struct Item {
    std::size_t envelope;
    core::Inbound event;
  };
  std::vector<Item> items;
  std::unordered_set<std::string> in_batch;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Translation t = to_inbound(batch[i], self_, now);
    if (!t.inbound) {
      ++counters_.skipped;
      spdlog::info("slack: envelope {} ({}) acked, nothing to apply: {}", batch[i].envelope_id,
                   batch[i].type, t.skipped);
      continue;
    }
    const std::string& id = t.inbound->event_id;
    if (recent_.contains(id) || !in_batch.insert(id).second) {
      ++counters_.duplicates;
      spdlog::info("slack: event {} delivered again (retry {}, {}): already applied", id,
                   batch[i].retry_attempt, batch[i].retry_reason);
      continue;
    }
    items.push_back(Item{i, std::move(*t.inbound)});
  }

  if (users_) {
    std::vector<std::string> speakers;
    for (const auto& item : items)
      if (!item.event.from_bot && item.event.kind == core::InboundKind::message)
        speakers.push_back(item.event.author);
    if (!speakers.empty()) co_await users_->prefetch(speakers, lookup_budget_);
    for (auto& item : items)
      if (auto info = users_->cached(item.event.author)) {
        if (!info->name.empty()) item.event.author_name = info->name;
        item.event.timezone = info->tz;
      }
  }

  std::vector<core::Inbound> events;
  events.reserve(items.size());
  for (const auto& item : items) events.push_back(item.event);
  // One transaction for the whole batch; a throw here leaves it all unacked.
  std::vector<core::IncidentEngine::Handled> results = engine_.handle_batch(events);

  std::vector<std::optional<AckPayload>> payloads(batch.size());
  for (std::size_t k = 0; k < items.size() && k < results.size(); ++k) {
    const core::Inbound& event = items[k].event;
    auto& result = results[k];
    if (!result.error.empty()) {
      // Deterministic (the same event fails again): acked so Slack stops resending.
      ++counters_.failed;
      spdlog::error("slack: event {} in {} could not be applied: {}", event.event_id, event.channel,
                    result.error);
      continue;
    }
    ++counters_.applied;
    recent_.add(event.event_id);
    if (event.slash_command) {
      // The first reply in the command's channel goes back in the ack: it
      // works even where Scribe is not a member of the channel.
      for (auto it = result.effects.begin(); it != result.effects.end(); ++it) {
        const auto* m = std::get_if<core::PostMessage>(&*it);
        if (!m || m->channel != event.channel) continue;
        if (!m->ephemeral_to.empty() && m->ephemeral_to != event.author) continue;
        payloads[items[k].envelope] =
            AckPayload{slack_text(m->text, m->mentions), m->ephemeral_to.empty()};
        result.effects.erase(it);
        break;
      }
    }
    if (!result.effects.empty() && effects_) effects_(std::move(result.effects));
  }
  co_return payloads;
}

}  // namespace scribe::slack
