#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/schema_rewind.hpp"
#include "tests/storage/storage_fixtures.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe;
using test::instant;

TEST_CASE("the reminder log records each piece of work once", "[storage][reminders]") {
  auto store = storage::open_store(":memory:");
  auto& log = store->reminders();
  CHECK_FALSE(log.last("A-1", "overdue"));
  CHECK(log.count("A-1", "overdue") == 0);

  CHECK(log.record("A-1", "overdue", instant(0)));
  CHECK_FALSE(log.record("A-1", "overdue", instant(0)));  // the same slot again: refused
  CHECK(log.record("A-1", "overdue", instant(86'400'000)));
  CHECK(log.record("A-1", "heads_up", instant(-86'400'000)));
  CHECK(log.record("A-2", "overdue", instant(5 * 86'400'000)));

  CHECK(log.count("A-1", "overdue") == 2);
  CHECK(log.last("A-1", "overdue") == instant(86'400'000));
  CHECK(log.count("A-1", "heads_up") == 1);
  CHECK(log.last("A-1", "heads_up") == instant(-86'400'000));    // kinds are kept apart
  CHECK(log.last("A-2", "overdue") == instant(5 * 86'400'000));  // and keys
  CHECK(log.count("A-3", "overdue") == 0);
}

TEST_CASE("the reminder log survives a restart and a rollback keeps nothing",
          "[storage][reminders]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  {
    auto store = storage::open_store(path);
    store->reminders().record("INC-1", "update_nudge", instant(0));
    CHECK_THROWS(store->transaction([&] {
      store->reminders().record("INC-1", "update_nudge", instant(900'000));
      throw std::runtime_error("crash before commit");
    }));
  }
  auto reopened = storage::open_store(path);
  CHECK(reopened->reminders().count("INC-1", "update_nudge") == 1);
  CHECK(reopened->reminders().last("INC-1", "update_nudge") == instant(0));
  // After a restart the same work is still recognised as done.
  CHECK_FALSE(reopened->reminders().record("INC-1", "update_nudge", instant(0)));
}

TEST_CASE("a database from before the reminder log gains it on open, data kept",
          "[storage][reminders]") {
  test::TempDir dir;
  const std::string path = (dir / "scribe.db").string();
  storage::open_store(path)->incidents().create(test::bare_incident("C1"));
  {
    // Back to what the release with schema version 2 left: no reminder_log,
    // nor the later timeline columns.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("DROP TABLE reminder_log");
    raw.exec("DROP TABLE pin_reactions");
    raw.exec("ALTER TABLE timeline_entries DROP COLUMN severity");
    raw.exec("ALTER TABLE timeline_entries DROP COLUMN struck_at");
    raw.exec("ALTER TABLE timeline_entries DROP COLUMN struck_by");
    test::undo_signals_and_later(raw);
    raw.exec("PRAGMA user_version = 2");
  }
  auto store = storage::open_store(path);
  CHECK(store->incidents().list(true).size() == 1);
  CHECK(store->reminders().record("A-1", "overdue", instant(0)));
  CHECK(store->reminders().count("A-1", "overdue") == 1);
}
