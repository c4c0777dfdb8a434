#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {
namespace {

core::DraftVersion draft_columns(const SQLite::Statement& row) {
  core::DraftVersion d;
  codec::read_all(row, d.incident, d.version, d.created_at, d.markdown);
  return d;
}

}  // namespace

int SqliteDraftRepository::add(std::int64_t incident, core::Instant created_at,
                               const std::string& markdown) {
  // Numbering inside the INSERT keeps it one statement, so two writers cannot
  // both pick the same next version.
  auto insert = connection_.prepare(
      "INSERT INTO draft_versions (incident, version, created_at, markdown) "
      "SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3 FROM draft_versions WHERE incident = ?1 "
      "RETURNING version");
  codec::bind_all(*insert, incident, created_at, markdown);
  insert->executeStep();
  return insert->getColumn(0).getInt();
}

std::optional<core::DraftVersion> SqliteDraftRepository::latest(std::int64_t incident) {
  auto query = connection_.prepare(
      "SELECT incident, version, created_at, markdown FROM draft_versions "
      "WHERE incident = ?1 ORDER BY version DESC LIMIT 1");
  query->bind(1, static_cast<std::int64_t>(incident));
  if (!query->executeStep()) return std::nullopt;
  return draft_columns(*query);
}

std::vector<core::DraftVersion> SqliteDraftRepository::list(std::int64_t incident) {
  return rows("SELECT incident, version, created_at, markdown FROM draft_versions "
              "WHERE incident = ?1 ORDER BY version",
              draft_columns, incident);
}

}  // namespace scribe::storage
