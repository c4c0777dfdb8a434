// The database schema as an ordered list of migrations keyed on PRAGMA
// user_version. Internal to storage/.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

namespace scribe::storage::schema {

// The version the newest migration leaves the database at.
int supported_version();

int current_version(SQLite::Database& database);

// Throws SchemaTooNewError, touching nothing, when the database was written by
// a newer Scribe.
void refuse_newer(SQLite::Database& database, const std::string& path);

// Applies every migration the database has not seen yet, each in its own
// transaction together with the user_version bump, so a crash leaves the
// database at a known version.
void migrate(SQLite::Database& database, const std::string& path);

}  // namespace scribe::storage::schema
