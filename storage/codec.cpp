#include "storage/codec.hpp"

#include <charconv>
#include <cstdio>

namespace scribe::storage::codec {
namespace {

bool parse_digits(std::string_view text, int& out) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size();
}

}  // namespace

std::string date_text(std::chrono::year_month_day date) {
  // Only four-digit years read back; anything else is a bug upstream, caught
  // here rather than stored as a value that cannot be loaded.
  if (!date.ok() || date.year() < std::chrono::year{0} || date.year() > std::chrono::year{9999})
    throw StorageError("cannot store date outside years 0000-9999 or not a valid day");
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return buffer;
}

std::chrono::year_month_day parse_date_text(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  if (shaped && parse_digits(text.substr(0, 4), year) && parse_digits(text.substr(5, 2), month) &&
      parse_digits(text.substr(8, 2), day)) {
    const std::chrono::year_month_day date{std::chrono::year{year},
                                           std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (date.ok()) return date;
  }
  throw StorageError("malformed date '" + std::string(text) + "' in the database");
}

void bind_date(SQLite::Statement& statement, int index,
               const std::optional<std::chrono::year_month_day>& date) {
  if (date)
    statement.bind(index, date_text(*date));
  else
    statement.bind(index);
}

void bind_one(SQLite::Statement& statement, int index,
              const std::optional<std::chrono::year_month_day>& date) {
  bind_date(statement, index, date);
}

std::optional<std::chrono::year_month_day> optional_date_column(const SQLite::Statement& row,
                                                                int index) {
  if (row.isColumnNull(index)) return std::nullopt;
  return parse_date_text(text_column(row, index));
}

void throw_unknown_value(std::string_view column, std::string_view text) {
  throw StorageError("unknown " + std::string(column) + " '" + std::string(text) +
                     "' in the database");
}

}  // namespace scribe::storage::codec
