#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {

bool SqliteEventLedger::claim(const std::string& platform, const std::string& event_id,
                              core::Instant received_at) {
  // The primary key does the deciding; the changed-row count reports it.
  auto insert = connection_.prepare(
      "INSERT INTO applied_events (platform, event_id, received_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (platform, event_id) DO NOTHING");
  codec::bind_all(*insert, platform, event_id, received_at);
  return insert->exec() == 1;
}

std::size_t SqliteEventLedger::forget_before(const std::string& platform, core::Instant cutoff) {
  auto erase =
      connection_.prepare("DELETE FROM applied_events WHERE platform = ?1 AND received_at < ?2");
  codec::bind_all(*erase, platform, cutoff);
  return static_cast<std::size_t>(erase->exec());
}

}  // namespace scribe::storage
