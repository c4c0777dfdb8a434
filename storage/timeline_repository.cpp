#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {

std::int64_t SqliteTimelineRepository::add(const core::TimelineEntry& entry) {
  using namespace codec;
  auto insert = connection_.prepare(
      "INSERT INTO timeline_entries (incident, kind, milestone, at, recorded_at, author, text, "
      "source_message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
  insert->bind(1, static_cast<std::int64_t>(entry.incident));
  bind_text(*insert, 2, core::to_string(entry.kind));
  if (entry.milestone)
    bind_text(*insert, 3, core::to_string(*entry.milestone));
  else
    insert->bind(3);
  bind_instant(*insert, 4, entry.at);
  bind_instant(*insert, 5, entry.recorded_at);
  insert->bind(6, entry.author);
  insert->bind(7, entry.text);
  insert->bind(8, entry.source_message);
  insert->executeStep();
  return insert->getColumn(0).getInt64();
}

std::vector<core::TimelineEntry> SqliteTimelineRepository::list(std::int64_t incident) {
  using namespace codec;
  auto query = connection_.prepare(
      "SELECT id, incident, kind, milestone, at, recorded_at, author, text, source_message "
      "FROM timeline_entries WHERE incident = ?1 ORDER BY at, id");
  query->bind(1, static_cast<std::int64_t>(incident));
  std::vector<core::TimelineEntry> entries;
  while (query->executeStep()) {
    core::TimelineEntry& entry = entries.emplace_back();
    entry.id = query->getColumn(0).getInt64();
    entry.incident = query->getColumn(1).getInt64();
    entry.kind = decode(&core::parse_entry_kind, "timeline entry kind", text_column(*query, 2));
    entry.milestone = decode_optional(&core::parse_milestone, "milestone", *query, 3);
    entry.at = instant_column(*query, 4);
    entry.recorded_at = instant_column(*query, 5);
    entry.author = text_column(*query, 6);
    entry.text = text_column(*query, 7);
    entry.source_message = text_column(*query, 8);
  }
  return entries;
}

int SqliteTimelineRepository::remove_pinned(std::int64_t incident,
                                            const std::string& source_message) {
  auto remove = connection_.prepare(
      "DELETE FROM timeline_entries "
      "WHERE incident = ?1 AND kind = 'pinned' AND source_message = ?2");
  remove->bind(1, static_cast<std::int64_t>(incident));
  remove->bind(2, source_message);
  return remove->exec();
}

}  // namespace scribe::storage
