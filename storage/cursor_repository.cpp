#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {

std::optional<std::string> SqliteCursorRepository::get(const std::string& name) {
  auto select = connection_.prepare("SELECT value FROM cursors WHERE name = ?1");
  select->bind(1, name);
  if (!select->executeStep()) return std::nullopt;
  return select->getColumn(0).getString();
}

void SqliteCursorRepository::put(const std::string& name, const std::string& value) {
  auto upsert = connection_.prepare(
      "INSERT INTO cursors (name, value) VALUES (?1, ?2) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
  codec::bind_all(*upsert, name, value);
  upsert->exec();
}

}  // namespace scribe::storage
