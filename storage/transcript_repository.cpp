#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {
namespace {

core::TranscriptLine line_columns(const SQLite::Statement& row) {
  core::TranscriptLine l;
  codec::read_all(row, l.incident, l.message_id, l.at, l.author, l.author_name, l.text,
                  l.edited_at);
  return l;
}

}  // namespace

void SqliteTranscriptRepository::add(const core::TranscriptLine& line) {
  // A redelivered message must not overwrite an edit that arrived after it.
  auto insert = connection_.prepare(
      "INSERT INTO transcript_lines (incident, message_id, at, author, author_name, text, "
      "edited_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT (incident, message_id) DO NOTHING");
  codec::bind_all(*insert, std::int64_t{line.incident}, line.message_id, line.at, line.author,
                  line.author_name, line.text, line.edited_at);
  insert->exec();
}

std::optional<core::TranscriptLine> SqliteTranscriptRepository::find(
    std::int64_t incident, const std::string& message_id) {
  auto query = connection_.prepare(
      "SELECT incident, message_id, at, author, author_name, text, edited_at "
      "FROM transcript_lines WHERE incident = ?1 AND message_id = ?2");
  codec::bind_all(*query, incident, message_id);
  if (!query->executeStep()) return std::nullopt;
  return line_columns(*query);
}

bool SqliteTranscriptRepository::edit(std::int64_t incident, const std::string& message_id,
                                      const std::string& text, core::Instant edited_at) {
  auto update = connection_.prepare(
      "UPDATE transcript_lines SET text = ?3, edited_at = ?4 "
      "WHERE incident = ?1 AND message_id = ?2");
  codec::bind_all(*update, incident, message_id, text, edited_at);
  return update->exec() > 0;
}

bool SqliteTranscriptRepository::remove(std::int64_t incident, const std::string& message_id) {
  auto remove =
      connection_.prepare("DELETE FROM transcript_lines WHERE incident = ?1 AND message_id = ?2");
  codec::bind_all(*remove, incident, message_id);
  return remove->exec() > 0;
}

std::vector<core::TranscriptLine> SqliteTranscriptRepository::list(std::int64_t incident) {
  return rows("SELECT incident, message_id, at, author, author_name, text, edited_at "
              "FROM transcript_lines WHERE incident = ?1 ORDER BY at, id",
              line_columns, incident);
}

}  // namespace scribe::storage
