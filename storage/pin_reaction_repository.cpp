#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {

void SqlitePinReactionRepository::remember(const std::string& platform,
                                           const std::string& reaction_event,
                                           const std::string& target_message, core::Instant at) {
  auto insert = connection_.prepare(
      "INSERT INTO pin_reactions (platform, reaction_event, target_message, at) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (platform, reaction_event) DO NOTHING");
  codec::bind_all(*insert, platform, reaction_event, target_message, at);
  insert->exec();
}

std::optional<std::string> SqlitePinReactionRepository::target_of(
    const std::string& platform, const std::string& reaction_event) {
  auto query = connection_.prepare(
      "SELECT target_message FROM pin_reactions WHERE platform = ?1 AND reaction_event = ?2");
  codec::bind_all(*query, platform, reaction_event);
  if (!query->executeStep()) return std::nullopt;
  return codec::text_column(*query, 0);
}

std::size_t SqlitePinReactionRepository::forget_before(const std::string& platform,
                                                       core::Instant cutoff) {
  auto erase = connection_.prepare("DELETE FROM pin_reactions WHERE platform = ?1 AND at < ?2");
  codec::bind_all(*erase, platform, cutoff);
  return static_cast<std::size_t>(erase->exec());
}

}  // namespace scribe::storage
