#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {
namespace {

// Service names never hold a line break (the adapters take them from labels
// and names, one word each), so one column holds the list.
std::string joined(const std::vector<std::string>& services) {
  std::string out;
  for (const auto& s : services) out += (out.empty() ? "" : "\n") + s;
  return out;
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

core::Signal signal_columns(const SQLite::Statement& row) {
  core::Signal s;
  std::string services;
  codec::read_all(row, s.source, s.key, s.kind, s.at, services, s.name, s.text, s.incident,
                  s.severity);
  s.services = split(services);
  return s;
}

}  // namespace

void SqliteSignalRepository::keep(const core::Signal& signal, core::Instant received_at) {
  auto insert = connection_.prepare(
      "INSERT INTO recent_signals (source, key, kind, at, received_at, services, name, text, "
      "incident, severity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT (source, key) DO NOTHING");
  codec::bind_all(*insert, signal.source, signal.key, codec::name_of(signal.kind), signal.at,
                  received_at, joined(signal.services), signal.name, signal.text, signal.incident,
                  codec::name_of(signal.severity));
  insert->exec();
}

std::vector<core::Signal> SqliteSignalRepository::kept_since(core::Instant since) {
  return rows(
      "SELECT source, key, kind, at, services, name, text, incident, severity "
      "FROM recent_signals WHERE at >= ?1 ORDER BY at, source, key",
      signal_columns, since);
}

std::size_t SqliteSignalRepository::forget_before(core::Instant cutoff) {
  auto erase = connection_.prepare("DELETE FROM recent_signals WHERE at < ?1");
  codec::bind_all(*erase, cutoff);
  return static_cast<std::size_t>(erase->exec());
}

}  // namespace scribe::storage
