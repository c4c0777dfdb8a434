// The draft's sections as Mustache data, split across files by section.
// Internal to the draft renderer; the names each section sets are listed at
// the top of postmortem_render.cpp.
#pragma once

#include <kainjow/mustache.hpp>

#include <string>

#include "bot/core/postmortem.hpp"
#include "bot/core/postmortem_text.hpp"

namespace scribe::core::draft_view {

// Action items as given, plus a suggested detection item when the detection gap
// is above target and no such suggestion exists yet. `responsible` owns it.
void add_actions(const DraftInput& input, const PostmortemFigures& figures,
                 const draft_text::DraftClock& clock, const std::string& responsible,
                 kainjow::mustache::data& view);

// Everyone who wrote in the incident channel, in order of their first message.
void add_participants(const DraftInput& input, kainjow::mustache::data& view);

// Sentences anywhere in the draft that blame a person, with a restatement.
void add_review(const DraftInput& input, const draft_text::DraftClock& clock,
                kainjow::mustache::data& view);

// The full transcript as a code block no message can break out of.
void add_transcript(const DraftInput& input, const draft_text::DraftClock& clock,
                    kainjow::mustache::data& view);

}  // namespace scribe::core::draft_view
