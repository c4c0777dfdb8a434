// The engine's part of follow-through: the postmortem requirement `close`
// announces, and naming a reviewer after the incident's channel has closed.
#include <algorithm>

#include "bot/core/engine.hpp"
#include "bot/core/engine_turn.hpp"

namespace scribe::core {

std::string IncidentEngine::close_requirement_sentence(const Incident& inc,
                                                       const PostmortemFigures& f) const {
  return postmortem_requirement_sentence(
      inc, postmortem_requirement(inc, f, options_.postmortem_policy));
}

void IncidentEngine::cmd_reviewer_of(Turn& turn, std::int64_t incident, const std::string& user) {
  auto inc = store_.incidents().find(incident);
  if (!inc) return turn.reply("There is no incident " + incident_ref(incident) + ".");
  add_reviewer(turn, *inc, user);
}

void IncidentEngine::add_reviewer(Turn& turn, Incident& inc, const std::string& user) {
  const std::string ref = incident_ref(inc.number);
  if (std::find(inc.reviewers.begin(), inc.reviewers.end(), user) != inc.reviewers.end())
    return turn.reply(display(user) + " already reviews " + ref + ".");
  inc.reviewers.push_back(user);
  store_.incidents().update(inc);
  // Said where it was asked (a closed incident's own channel may be archived
  // by now), naming the reviewer so they hear of it.
  turn.say(display(user) + " will review the postmortem of " + ref + " (" + inc.title + ").", {user});
}

}  // namespace scribe::core
