// The HTML of the incident list and of one incident, from the store. Every
// piece of text that came from a person or a machine is escaped.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "bot/core/repositories.hpp"

namespace scribe::web {

inline constexpr int kListPageSize = 100;

// The list's filters, from its query string
// (?status=open&severity=P1&service=api&q=pool&from=2026-03-01&to=2026-03-31).
struct ListFilter {
  std::string status;    // "open", "resolved", "closed"; empty: all
  std::string severity;  // "P1".."P4"
  std::string service;
  std::string search;  // words in title, summary, cause, timeline or transcript, without case
  std::optional<std::chrono::year_month_day> from, to;  // the declaration's date, display zone
  int page = 1;  // of kListPageSize rows

  // The same filters, on another page: the query string of a link.
  std::string query_for_page(int page) const;

  static ListFilter from_query(const std::map<std::string, std::string>& query);
};

std::string render_incident_list(core::Store& store, const ListFilter& filter,
                                 const std::string& zone);
std::string render_incident_page(core::Store& store, std::int64_t number, const std::string& zone);

}  // namespace scribe::web
