// How core values are written to and read from columns. Internal to storage/.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/core/signal.hpp"
#include "bot/core/types.hpp"
#include "storage/storage_error.hpp"

namespace scribe::storage::codec {

inline void bind_instant(SQLite::Statement& statement, int index, core::Instant at) {
  statement.bind(index, static_cast<std::int64_t>(core::to_epoch_ms(at)));
}

inline void bind_instant(SQLite::Statement& statement, int index,
                         const std::optional<core::Instant>& at) {
  if (at)
    bind_instant(statement, index, *at);
  else
    statement.bind(index);
}

inline void bind_text(SQLite::Statement& statement, int index, std::string_view text) {
  statement.bind(index, std::string(text));
}

// Parameters ?1, ?2, … in order, each as its type is stored: text, whole
// numbers, instants (epoch ms), optional instants (NULL when absent).
inline void bind_one(SQLite::Statement& statement, int index, const std::string& text) {
  statement.bind(index, text);
}
inline void bind_one(SQLite::Statement& statement, int index, std::int64_t number) {
  statement.bind(index, number);
}
inline void bind_one(SQLite::Statement& statement, int index, core::Instant at) {
  bind_instant(statement, index, at);
}
inline void bind_one(SQLite::Statement& statement, int index, const char* text) {
  statement.bind(index, text);
}
// No other pointer: it would convert to bool without a word.
template <class T>
void bind_one(SQLite::Statement& statement, int index, const T* pointer) = delete;
inline void bind_one(SQLite::Statement& statement, int index, bool flag) {
  statement.bind(index, flag ? 1 : 0);
}
void bind_one(SQLite::Statement& statement, int index,
              const std::optional<std::chrono::year_month_day>& date);
// Anything optional: NULL when absent, else bound as its value is.
template <class T>
void bind_one(SQLite::Statement& statement, int index, const std::optional<T>& value) {
  if (value)
    bind_one(statement, index, *value);
  else
    statement.bind(index);
}
template <class... Values>
void bind_all(SQLite::Statement& statement, const Values&... values) {
  int index = 0;
  (bind_one(statement, ++index, values), ...);
}

inline core::Instant instant_column(const SQLite::Statement& row, int index) {
  return core::from_epoch_ms(row.getColumn(index).getInt64());
}

inline std::optional<core::Instant> optional_instant_column(const SQLite::Statement& row,
                                                            int index) {
  if (row.isColumnNull(index)) return std::nullopt;
  return instant_column(row, index);
}

inline std::string text_column(const SQLite::Statement& row, int index) {
  return row.getColumn(index).getString();
}

// 'YYYY-MM-DD', which also sorts in date order.
std::string date_text(std::chrono::year_month_day date);
// Throws StorageError for anything date_text would not have written.
std::chrono::year_month_day parse_date_text(std::string_view text);

void bind_date(SQLite::Statement& statement, int index,
               const std::optional<std::chrono::year_month_day>& date);
std::optional<std::chrono::year_month_day> optional_date_column(const SQLite::Statement& row,
                                                                int index);

// An enum's stored name, or NULL when there is none.
template <typename Enum>
std::optional<std::string> name_of(const std::optional<Enum>& value) {
  if (!value) return std::nullopt;
  return std::string(core::to_string(*value));
}
template <typename Enum>
std::string name_of(Enum value) {
  return std::string(core::to_string(value));
}

// A stored enum name this build cannot read means a damaged or foreign database.
[[noreturn]] void throw_unknown_value(std::string_view column, std::string_view text);

template <typename Enum>
Enum decode(std::optional<Enum> (*parse)(std::string_view), std::string_view column,
            const std::string& text) {
  if (auto value = parse(text)) return *value;
  throw_unknown_value(column, text);
}

template <typename Enum>
std::optional<Enum> decode_optional(std::optional<Enum> (*parse)(std::string_view),
                                    std::string_view column, const SQLite::Statement& row,
                                    int index) {
  if (row.isColumnNull(index)) return std::nullopt;
  return decode(parse, column, text_column(row, index));
}

// Columns 0, 1, … of a row into the fields given, each read as its type is
// stored (the mirror of bind_all): text, whole numbers, flags, instants,
// dates, and the core's enums by name (a name this build cannot read throws).
inline void read_one(const SQLite::Statement& row, int index, std::int64_t& into) {
  into = row.getColumn(index).getInt64();
}
inline void read_one(const SQLite::Statement& row, int index, std::optional<std::int64_t>& into) {
  into = row.isColumnNull(index) ? std::nullopt
                                 : std::optional<std::int64_t>(row.getColumn(index).getInt64());
}
inline void read_one(const SQLite::Statement& row, int index, int& into) {
  into = row.getColumn(index).getInt();
}
inline void read_one(const SQLite::Statement& row, int index, std::string& into) {
  into = text_column(row, index);
}
inline void read_one(const SQLite::Statement& row, int index, bool& into) {
  into = row.getColumn(index).getInt() != 0;
}
inline void read_one(const SQLite::Statement& row, int index, core::Instant& into) {
  into = instant_column(row, index);
}
inline void read_one(const SQLite::Statement& row, int index, std::optional<core::Instant>& into) {
  into = optional_instant_column(row, index);
}
inline void read_one(const SQLite::Statement& row, int index,
                     std::optional<std::chrono::year_month_day>& into) {
  into = optional_date_column(row, index);
}
inline void read_one(const SQLite::Statement& row, int index, std::optional<core::Severity>& into) {
  into = decode_optional(&core::parse_severity, "severity", row, index);
}
inline void read_one(const SQLite::Statement& row, int index,
                     std::optional<core::Milestone>& into) {
  into = decode_optional(&core::parse_milestone, "milestone", row, index);
}
inline void read_one(const SQLite::Statement& row, int index, core::IncidentStatus& into) {
  into = decode(&core::parse_incident_status, "incident status", text_column(row, index));
}
inline void read_one(const SQLite::Statement& row, int index, core::EntryKind& into) {
  into = decode(&core::parse_entry_kind, "timeline entry kind", text_column(row, index));
}
inline void read_one(const SQLite::Statement& row, int index, core::SignalKind& into) {
  into = decode(&core::parse_signal_kind, "signal kind", text_column(row, index));
}
template <class... Fields>
void read_all(const SQLite::Statement& row, Fields&... fields) {
  int index = 0;
  (read_one(row, index++, fields), ...);
}

// Every row the statement gives, each read by `read_row(statement)`.
template <class ReadRow>
auto all_rows(SQLite::Statement& statement, ReadRow read_row) {
  std::vector<decltype(read_row(statement))> rows;
  while (statement.executeStep()) rows.push_back(read_row(statement));
  return rows;
}

// Runs an UPDATE of the row `what` names ("incident INC-3"). Updating a row
// that was never created is a bug in the caller; silently changing nothing
// would lose what it meant to save.
inline void update_existing(SQLite::Statement& update, const std::string& what) {
  if (update.exec() == 0) throw StorageError("no " + what + " to update");
}

}  // namespace scribe::storage::codec
