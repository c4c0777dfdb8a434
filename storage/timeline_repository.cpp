#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {
namespace {

#define SCRIBE_TIMELINE_COLUMNS                                                              \
  "id, incident, kind, milestone, at, recorded_at, author, text, source_message, severity, " \
  "struck_at, struck_by, signal"

core::TimelineEntry read_entry(const SQLite::Statement& row) {
  core::TimelineEntry e;
  codec::read_all(row, e.id, e.incident, e.kind, e.milestone, e.at, e.recorded_at, e.author,
                  e.text, e.source_message, e.severity, e.struck_at, e.struck_by, e.signal);
  return e;
}

}  // namespace

std::int64_t SqliteTimelineRepository::add(const core::TimelineEntry& entry) {
  using namespace codec;
  auto insert = connection_.prepare(
      "INSERT INTO timeline_entries (incident, kind, milestone, at, recorded_at, author, text, "
      "source_message, severity, struck_at, struck_by, signal) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id");
  bind_all(*insert, std::int64_t{entry.incident}, name_of(entry.kind), name_of(entry.milestone),
           entry.at, entry.recorded_at, entry.author, entry.text, entry.source_message,
           name_of(entry.severity), entry.struck_at, entry.struck_by, entry.signal);
  insert->executeStep();
  return insert->getColumn(0).getInt64();
}

std::vector<core::TimelineEntry> SqliteTimelineRepository::list(std::int64_t incident) {
  auto query = connection_.prepare("SELECT " SCRIBE_TIMELINE_COLUMNS
                                   " FROM timeline_entries WHERE incident = ?1 ORDER BY at, id");
  query->bind(1, static_cast<std::int64_t>(incident));
  return codec::all_rows(*query, read_entry);
}

std::optional<core::TimelineEntry> SqliteTimelineRepository::find(std::int64_t id) {
  auto query =
      connection_.prepare("SELECT " SCRIBE_TIMELINE_COLUMNS " FROM timeline_entries WHERE id = ?1");
  query->bind(1, static_cast<std::int64_t>(id));
  if (!query->executeStep()) return std::nullopt;
  return read_entry(*query);
}

void SqliteTimelineRepository::update(const core::TimelineEntry& entry) {
  using namespace codec;
  auto update = connection_.prepare(
      "UPDATE timeline_entries SET at = ?2, text = ?3, struck_at = ?4, struck_by = ?5 "
      "WHERE id = ?1");
  bind_all(*update, std::int64_t{entry.id}, entry.at, entry.text, entry.struck_at,
           entry.struck_by);
  update->exec();
}

int SqliteTimelineRepository::remove_pinned(std::int64_t incident,
                                            const std::string& source_message) {
  auto remove = connection_.prepare(
      "DELETE FROM timeline_entries "
      "WHERE incident = ?1 AND kind = 'pinned' AND source_message = ?2");
  codec::bind_all(*remove, incident, source_message);
  return remove->exec();
}

bool SqliteTimelineRepository::has_signal(std::int64_t incident, const std::string& key) {
  auto query = connection_.prepare(
      "SELECT EXISTS (SELECT 1 FROM timeline_entries "
      "WHERE incident = ?1 AND source_message = ?2 AND signal <> '')");
  codec::bind_all(*query, incident, key);
  query->executeStep();
  return query->getColumn(0).getInt() != 0;
}

bool SqliteTimelineRepository::has_milestone(std::int64_t incident, core::Milestone milestone) {
  auto query = connection_.prepare(
      "SELECT EXISTS (SELECT 1 FROM timeline_entries "
      "WHERE incident = ?1 AND kind = 'milestone' AND milestone = ?2 AND struck_at IS NULL)");
  codec::bind_all(*query, incident, codec::name_of(milestone));
  query->executeStep();
  return query->getColumn(0).getInt() != 0;
}

}  // namespace scribe::storage
