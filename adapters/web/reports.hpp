// The pages that look across incidents: action items by owner (/actions) and
// the figures per month and per severity with their charts (/insights).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "bot/core/repositories.hpp"

namespace scribe::web {

struct ReportContext {
  std::string zone = "UTC";                         // the display zone
  std::map<std::string, std::string> people_zones;  // an owner's zone for "overdue"
  core::Instant now{};
};

std::string render_actions_page(core::Store& store, const ReportContext& context);
std::string render_insights_page(core::Store& store, const ReportContext& context);

// The q-quantile (0.5, 0.9) of `values` by nearest rank; values is sorted here.
std::optional<std::int64_t> quantile(std::vector<std::int64_t> values, double q);

}  // namespace scribe::web
