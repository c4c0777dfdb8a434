#include "storage/codec.hpp"
#include "storage/sqlite_repositories.hpp"

namespace scribe::storage {
namespace {

#define SCRIBE_SELECT_ACTION_ITEMS                                                              \
  "SELECT number, incident, owner, description, due, created_at, created_by, done_at, "         \
  "done_by, suggested, tracker_state, tracker_key, tracker_url, tracker_closed, tracker_error " \
  "FROM action_items "

core::ActionItem item_columns(const SQLite::Statement& row) {
  core::ActionItem a;
  std::string state;
  codec::read_all(row, a.number, a.incident, a.owner, a.description, a.due, a.created_at,
                  a.created_by, a.done_at, a.done_by, a.suggested, state, a.tracker.key,
                  a.tracker.url, a.tracker.closed, a.tracker.error);
  a.tracker.state = core::parse_tracker_state(state).value_or(core::TrackerLink::State::none);
  return a;
}

std::vector<core::ActionItem> read_items(SQLite::Statement& statement) {
  return codec::all_rows(statement, item_columns);
}

// Binds every column but the number to parameters 1..14.
void bind_fields(SQLite::Statement& statement, const core::ActionItem& item) {
  codec::bind_all(statement, std::int64_t{item.incident}, item.owner, item.description, item.due,
                  item.created_at, item.created_by, item.done_at, item.done_by, item.suggested,
                  std::string(core::to_string(item.tracker.state)), item.tracker.key,
                  item.tracker.url, item.tracker.closed, item.tracker.error);
}

}  // namespace

std::int64_t SqliteActionItemRepository::add(const core::ActionItem& item) {
  auto insert = connection_.prepare(
      "INSERT INTO action_items (incident, owner, description, due, created_at, created_by, "
      "done_at, done_by, suggested, tracker_state, tracker_key, tracker_url, tracker_closed, "
      "tracker_error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
      "RETURNING number");
  bind_fields(*insert, item);
  insert->executeStep();
  return insert->getColumn(0).getInt64();
}

std::optional<core::ActionItem> SqliteActionItemRepository::find(std::int64_t number) {
  auto query = connection_.prepare(SCRIBE_SELECT_ACTION_ITEMS "WHERE number = ?1");
  query->bind(1, static_cast<std::int64_t>(number));
  if (!query->executeStep()) return std::nullopt;
  return item_columns(*query);
}

void SqliteActionItemRepository::update(const core::ActionItem& item) {
  auto update = connection_.prepare(
      "UPDATE action_items SET incident = ?1, owner = ?2, description = ?3, due = ?4, "
      "created_at = ?5, created_by = ?6, done_at = ?7, done_by = ?8, suggested = ?9, "
      "tracker_state = ?10, tracker_key = ?11, tracker_url = ?12, tracker_closed = ?13, "
      "tracker_error = ?14 WHERE number = ?15");
  bind_fields(*update, item);
  update->bind(15, static_cast<std::int64_t>(item.number));
  codec::update_existing(*update, "action item " + core::action_ref(item.number));
}

std::vector<core::ActionItem> SqliteActionItemRepository::list_for_incident(std::int64_t incident) {
  auto query =
      connection_.prepare(SCRIBE_SELECT_ACTION_ITEMS "WHERE incident = ?1 ORDER BY number");
  query->bind(1, static_cast<std::int64_t>(incident));
  return read_items(*query);
}

std::vector<core::ActionItem> SqliteActionItemRepository::list_all(bool include_done) {
  auto query =
      connection_.prepare(SCRIBE_SELECT_ACTION_ITEMS "WHERE ?1 OR done_at IS NULL ORDER BY number");
  query->bind(1, include_done ? 1 : 0);
  return read_items(*query);
}

std::vector<core::ActionItem> SqliteActionItemRepository::list_with_tracker() {
  auto query =
      connection_.prepare(SCRIBE_SELECT_ACTION_ITEMS "WHERE tracker_state <> '' ORDER BY number");
  return read_items(*query);
}

std::vector<core::ActionItem> SqliteActionItemRepository::list_tracker_work() {
  auto query = connection_.prepare(
      SCRIBE_SELECT_ACTION_ITEMS
      "WHERE tracker_state IN ('requested', 'creating') OR (tracker_state = 'linked' AND "
      "done_at IS NOT NULL AND tracker_closed = 0) ORDER BY number");
  return read_items(*query);
}

std::optional<core::ActionItem> SqliteActionItemRepository::find_by_tracker_key(
    const std::string& key) {
  if (key.empty()) return std::nullopt;
  auto query = connection_.prepare(SCRIBE_SELECT_ACTION_ITEMS "WHERE tracker_key = ?1");
  query->bind(1, key);
  if (!query->executeStep()) return std::nullopt;
  return item_columns(*query);
}

#undef SCRIBE_SELECT_ACTION_ITEMS

}  // namespace scribe::storage
