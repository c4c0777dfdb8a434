#include <utility>

#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {
namespace {

// An incident and its lists come back in one statement (one row per list
// item, or one row for an incident with none), so every read is a consistent
// snapshot without a transaction. Columns 15 and 16 are the list item.
#define SCRIBE_SELECT_INCIDENTS                                                             \
  "SELECT i.number, i.title, i.severity, i.status, i.platform, i.channel, i.channel_name, " \
  "i.origin_channel, i.declared_by, i.lead, i.declared_at, i.closed_at, i.summary, "        \
  "i.cause, i.snoozed_until, l.list, l.text "                                               \
  "FROM incidents i LEFT JOIN incident_list_items l ON l.incident = i.number "

constexpr const char* kAffected = "affected";
constexpr const char* kWhy = "why";
constexpr const char* kReviewer = "reviewer";
constexpr const char* kService = "service";

core::Incident incident_columns(const SQLite::Statement& row) {
  core::Incident i;
  codec::read_all(row, i.number, i.title, i.severity, i.status, i.platform, i.channel,
                  i.channel_name, i.origin_channel, i.declared_by, i.lead, i.declared_at,
                  i.closed_at, i.summary, i.cause, i.snoozed_until);
  return i;
}

void add_list_item(core::Incident& incident, const SQLite::Statement& row) {
  if (row.isColumnNull(15)) return;
  const std::string list = codec::text_column(row, 15);
  std::string text = codec::text_column(row, 16);
  if (list == kAffected)
    incident.affected.push_back(std::move(text));
  else if (list == kWhy)
    incident.whys.push_back(std::move(text));
  else if (list == kReviewer)
    incident.reviewers.push_back(std::move(text));
  else if (list == kService)
    incident.services.push_back(std::move(text));
  else
    codec::throw_unknown_value("incident list", list);
}

// Rows must come grouped by incident and, within one, by list and position.
std::vector<core::Incident> read_incidents(SQLite::Statement& statement) {
  std::vector<core::Incident> incidents;
  while (statement.executeStep()) {
    const std::int64_t number = statement.getColumn(0).getInt64();
    if (incidents.empty() || incidents.back().number != number)
      incidents.push_back(incident_columns(statement));
    add_list_item(incidents.back(), statement);
  }
  return incidents;
}

std::optional<core::Incident> first(std::vector<core::Incident> incidents) {
  if (incidents.empty()) return std::nullopt;
  return std::move(incidents.front());
}

// Binds every incident column but the number to parameters 1..14.
void bind_fields(SQLite::Statement& statement, const core::Incident& incident) {
  using codec::name_of;
  codec::bind_all(statement, name_of(incident.severity), name_of(incident.status), incident.title,
                  incident.platform, incident.channel, incident.channel_name,
                  incident.origin_channel, incident.declared_by, incident.lead,
                  incident.declared_at, incident.closed_at, incident.summary, incident.cause,
                  incident.snoozed_until);
}

}  // namespace

std::int64_t SqliteIncidentRepository::create(const core::Incident& incident) {
  std::int64_t number = 0;
  connection_.transaction([&] {
    auto insert = connection_.prepare(
        "INSERT INTO incidents (severity, status, title, platform, channel, channel_name, "
        "origin_channel, declared_by, lead, declared_at, closed_at, summary, cause, "
        "snoozed_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
        "RETURNING number");
    bind_fields(*insert, incident);
    insert->executeStep();
    number = insert->getColumn(0).getInt64();
    insert->reset();
    core::Incident stored = incident;
    stored.number = number;
    write_lists(stored);
  });
  return number;
}

std::optional<core::Incident> SqliteIncidentRepository::find(std::int64_t number) {
  auto query = connection_.prepare(SCRIBE_SELECT_INCIDENTS
                                   "WHERE i.number = ?1 ORDER BY l.list, l.position");
  query->bind(1, static_cast<std::int64_t>(number));
  return first(read_incidents(*query));
}

std::optional<core::Incident> SqliteIncidentRepository::find_active_in_channel(
    const std::string& platform, const std::string& channel) {
  // Should two open incidents ever share a channel, the newest is the one
  // people are talking about.
  const auto number = active_number_in_channel(platform, channel);
  if (!number) return std::nullopt;
  return find(*number);
}

std::optional<std::int64_t> SqliteIncidentRepository::active_number_in_channel(
    const std::string& platform, const std::string& channel) {
  auto query = connection_.prepare(
      "SELECT number FROM incidents WHERE platform = ?1 AND channel = ?2 "
      "AND status <> 'closed' ORDER BY number DESC LIMIT 1");
  codec::bind_all(*query, platform, channel);
  if (!query->executeStep()) return std::nullopt;
  return query->getColumn(0).getInt64();
}

std::vector<core::Incident> SqliteIncidentRepository::find_active_from_origin(
    const std::string& platform, const std::string& origin_channel) {
  auto query = connection_.prepare(SCRIBE_SELECT_INCIDENTS
                                   "WHERE i.platform = ?1 AND i.origin_channel = ?2 "
                                   "AND i.status <> 'closed' "
                                   "ORDER BY i.number DESC, l.list, l.position");
  codec::bind_all(*query, platform, origin_channel);
  return read_incidents(*query);
}

std::vector<core::Incident> SqliteIncidentRepository::list(bool include_closed) {
  auto query = connection_.prepare(SCRIBE_SELECT_INCIDENTS
                                   "WHERE ?1 OR i.status <> 'closed' "
                                   "ORDER BY i.number, l.list, l.position");
  query->bind(1, include_closed ? 1 : 0);
  return read_incidents(*query);
}

void SqliteIncidentRepository::update(const core::Incident& incident) {
  connection_.transaction([&] {
    auto update = connection_.prepare(
        "UPDATE incidents SET severity = ?1, status = ?2, title = ?3, platform = ?4, "
        "channel = ?5, channel_name = ?6, origin_channel = ?7, declared_by = ?8, lead = ?9, "
        "declared_at = ?10, closed_at = ?11, summary = ?12, cause = ?13, snoozed_until = ?14 "
        "WHERE number = ?15");
    bind_fields(*update, incident);
    update->bind(15, static_cast<std::int64_t>(incident.number));
    codec::update_existing(*update, "incident " + core::incident_ref(incident.number));
    auto clear = connection_.prepare("DELETE FROM incident_list_items WHERE incident = ?1");
    clear->bind(1, static_cast<std::int64_t>(incident.number));
    clear->exec();
    write_lists(incident);
  });
}

bool SqliteIncidentRepository::channel_name_taken(const std::string& channel_name) {
  auto query =
      connection_.prepare("SELECT EXISTS (SELECT 1 FROM incidents WHERE channel_name = ?1)");
  query->bind(1, channel_name);
  query->executeStep();
  return query->getColumn(0).getInt() != 0;
}

std::vector<std::int64_t> SqliteIncidentRepository::search(const std::string& words) {
  // One FTS5 phrase: the words in this order, quotes doubled so that nothing
  // typed is read as query syntax.
  std::string phrase = "\"";
  for (const char c : words) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
  phrase += "\"";
  return rows(
      "SELECT number FROM incident_search s JOIN incidents i ON i.number = s.rowid "
      "WHERE incident_search MATCH ?1 "
      "UNION SELECT e.incident FROM timeline_search s JOIN timeline_entries e ON e.id = s.rowid "
      "WHERE timeline_search MATCH ?1 AND e.struck_at IS NULL AND e.kind <> 'correction' "
      "UNION SELECT incident FROM transcript_lines WHERE instr(lower(text), lower(?2)) > 0 "
      "ORDER BY 1",
      [](const SQLite::Statement& row) { return row.getColumn(0).getInt64(); }, phrase, words);
}

void SqliteIncidentRepository::write_lists(const core::Incident& incident) {
  auto insert = connection_.prepare(
      "INSERT INTO incident_list_items (incident, list, position, text) VALUES (?1, ?2, ?3, ?4)");
  const auto write = [&](const char* list, const std::vector<std::string>& items) {
    for (std::size_t position = 0; position < items.size(); ++position) {
      insert->reset();
      codec::bind_all(*insert, incident.number, list, static_cast<std::int64_t>(position),
                      items[position]);
      insert->exec();
    }
  };
  write(kAffected, incident.affected);
  write(kWhy, incident.whys);
  write(kReviewer, incident.reviewers);
  write(kService, incident.services);
}

#undef SCRIBE_SELECT_INCIDENTS

}  // namespace scribe::storage
