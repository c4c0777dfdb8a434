// Persist, then ack: a batch of envelopes becomes Inbound events, is
// committed by the engine in one transaction, and only then yields its acks
// (a slash command's reply rides in its ack). Effects go to the outbound side
// after the commit.
#pragma once

#include "adapters/net/recent_ids.hpp"

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "adapters/slack/decoder.hpp"
#include "adapters/slack/user_directory.hpp"
#include "bot/core/engine.hpp"

namespace scribe::slack {

struct ApplierCounters {
  std::uint64_t applied = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t skipped = 0;
  std::uint64_t failed = 0;
};

// The event ids committed lately, to recognise redeliveries without asking
// storage (which still has the final word, across restarts).
using RecentIds = net::RecentIds;
inline constexpr std::size_t kRecentEventIds = 50'000;

class EnvelopeApplier {
 public:
  using EffectSink = std::function<void(std::vector<core::Outbound>)>;
  using Clock = std::function<core::Instant()>;

  // `users` may be null (no lookups: names and zones stay as the event has them).
  EnvelopeApplier(core::IncidentEngine& engine, EffectSink effects, UserDirectory* users,
                  std::chrono::milliseconds lookup_budget, Clock clock = {});

  void set_identity(Identity self) { self_ = std::move(self); }
  const Identity& identity() const { return self_; }

  // Commits the batch (throws what the engine throws: nothing is acked then)
  // and returns one ack payload slot per envelope.
  boost::asio::awaitable<std::vector<std::optional<AckPayload>>> apply(
      const std::vector<Envelope>& batch);

  const ApplierCounters& counters() const { return counters_; }

 private:
  core::IncidentEngine& engine_;
  EffectSink effects_;
  UserDirectory* users_;
  std::chrono::milliseconds lookup_budget_;
  Clock clock_;
  Identity self_;
  RecentIds recent_{kRecentEventIds};
  ApplierCounters counters_;
};

}  // namespace scribe::slack
