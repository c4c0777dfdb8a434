#include "bot/core/tracker.hpp"

#include "bot/core/action_items.hpp"
#include "bot/core/text.hpp"

namespace scribe::core {

std::optional<ExportWhen> parse_export_when(std::string_view text) {
  if (text == "manual") return ExportWhen::manual;
  if (text == "on_create") return ExportWhen::on_create;
  if (text == "on_close") return ExportWhen::on_close;
  return std::nullopt;
}

std::string TrackerTarget::label() const {
  if (system == "github") return "GitHub " + where;
  if (system == "jira") return "Jira " + where;
  return system;
}

std::string tracker_marker(std::int64_t item) {
  return "scribe-" + action_ref(item);
}

std::string tracker_done_comment(const ActionItem& item) {
  return "Marked done in Scribe by " + mention(item.done_by) + " (" + action_ref(item.number) +
         ", " + incident_ref(item.incident) + ").";
}

std::string tracker_text(const TrackerLink& link) {
  if (link.state != TrackerLink::State::linked || link.key.empty()) return {};
  return link.url.empty() ? link.key : link.key + " (" + link.url + ")";
}

}  // namespace scribe::core
