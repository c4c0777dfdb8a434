#include "bot/core/postmortem_policy.hpp"

#include <vector>

#include "bot/core/text.hpp"

namespace scribe::core {
namespace {

std::string impact_text(std::int64_t minutes) {
  return std::to_string(minutes) + " min of customer impact";
}

}  // namespace

PostmortemRequirement postmortem_requirement(const Incident& incident,
                                             const PostmortemFigures& figures,
                                             const PostmortemPolicy& policy) {
  // The worst the incident got, not where it ended: P1 for two hours and
  // then P4 is still a P1 incident. Severity numbers run the other way
  // round: P1 (1) is worse than P2 (2).
  const std::optional<Severity> worst =
      figures.highest_severity ? figures.highest_severity : incident.severity;
  const bool by_severity = policy.required_severity && worst &&
                           static_cast<int>(*worst) <= static_cast<int>(*policy.required_severity);
  const auto severity_reason = [&] {
    std::string text(to_string(*worst));
    if (incident.severity && *incident.severity != *worst)
      text += " at its worst, " + std::string(to_string(*incident.severity)) + " at the end";
    return text;
  };
  const std::optional<std::int64_t> impact =
      figures.customer_impact ? std::optional(figures.customer_impact->minutes()) : std::nullopt;
  const bool by_impact =
      policy.required_impact_minutes > 0 && impact && *impact >= policy.required_impact_minutes;

  PostmortemRequirement result;
  result.required = by_severity || by_impact;
  std::vector<std::string> reasons;
  if (result.required) {
    // Only what tipped the decision, so the reason reads as a justification.
    if (by_severity) reasons.push_back(severity_reason());
    if (by_impact) reasons.push_back(impact_text(*impact));
    result.reason = join(reasons, "; ");
    return result;
  }
  reasons.push_back(worst ? severity_reason() : "no severity");
  reasons.push_back(impact ? impact_text(*impact) : "no customer impact recorded");
  result.reason = join(reasons, ", ");
  return result;
}

std::string postmortem_requirement_sentence(const Incident& incident,
                                            const PostmortemRequirement& requirement) {
  const std::string ref = incident_ref(incident.number);
  if (requirement.required) {
    std::string text = "A full postmortem is required (" + requirement.reason + ")";
    if (incident.reviewers.empty())
      return text + ": fill in the draft and name a reviewer with `/incident reviewer @name " +
             ref + "`.";
    return text + ": fill in the draft for its review.";
  }
  return "No full postmortem is required (" + requirement.reason +
         "): the draft is kept for the record.";
}

}  // namespace scribe::core
