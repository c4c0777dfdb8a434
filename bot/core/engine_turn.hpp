// Private to the engine: one event being applied and the effects it produced.
#pragma once

#include <string>
#include <vector>

#include "bot/core/engine.hpp"

namespace scribe::core {

// The transcript line a message in an incident's channel becomes: the
// platform's own id and time, the author's display name where known, a slash
// command written out as it was typed.
inline TranscriptLine transcript_line_of(const Inbound& e, std::int64_t incident) {
  return TranscriptLine{incident,
                        e.message_id.empty() ? e.event_id : e.message_id,
                        e.at,
                        e.author,
                        e.author_name.empty() ? e.author : e.author_name,
                        e.slash_command ? "/incident " + e.text : e.text,
                        {}};
}

struct IncidentEngine::Turn {
  const Inbound& event;
  std::string zone;  // the speaker's zone
  std::vector<Outbound> effects;
  bool answered = false;
  bool corrected = false;  // a closed incident's record changed: its draft is written again

  // Only the speaker needs to see it (usage lines, lists they asked for).
  void reply(std::string text) {
    effects.push_back(PostMessage{event.channel, std::move(text), event.author, {}});
  }
  // The whole channel should see it (timeline changes, new action items).
  void say(std::string text, std::vector<std::string> mentions = {}) {
    say_in(event.channel, std::move(text), std::move(mentions));
  }
  void say_in(const std::string& channel, std::string text, std::vector<std::string> mentions = {}) {
    effects.push_back(PostMessage{channel, std::move(text), "", std::move(mentions)});
  }
};

}  // namespace scribe::core
