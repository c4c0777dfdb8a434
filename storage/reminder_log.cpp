#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {

bool SqliteReminderLog::record(const std::string& key, const std::string& kind, core::Instant at) {
  // As with the event ledger, the primary key decides and the changed-row
  // count reports it: a second scheduler run records (and so sends) nothing.
  auto insert = connection_.prepare(
      "INSERT INTO reminder_log (key, kind, at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (key, kind, at) DO NOTHING");
  codec::bind_all(*insert, key, kind, at);
  return insert->exec() == 1;
}

std::optional<core::Instant> SqliteReminderLog::last(const std::string& key,
                                                     const std::string& kind) {
  auto query = connection_.prepare("SELECT max(at) FROM reminder_log WHERE key = ?1 AND kind = ?2");
  codec::bind_all(*query, key, kind);
  if (!query->executeStep()) return std::nullopt;
  return codec::optional_instant_column(*query, 0);
}

int SqliteReminderLog::count(const std::string& key, const std::string& kind) {
  auto query =
      connection_.prepare("SELECT count(*) FROM reminder_log WHERE key = ?1 AND kind = ?2");
  codec::bind_all(*query, key, kind);
  query->executeStep();
  return query->getColumn(0).getInt();
}

}  // namespace scribe::storage
