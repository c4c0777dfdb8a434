// Errors the storage layer reports. Callers outside storage/ catch these (or
// std::runtime_error) and never see a SQLite type.
#pragma once

#include <stdexcept>
#include <string>

namespace scribe::storage {

// The database could not be opened or used; the message names the file.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database was written by a newer Scribe. It is left exactly as it was:
// an older build guessing at a newer schema could destroy data.
class SchemaTooNewError : public StorageError {
 public:
  SchemaTooNewError(const std::string& path, int found_version, int supported_version);
  int found_version() const { return found_version_; }
  int supported_version() const { return supported_version_; }

 private:
  int found_version_;
  int supported_version_;
};

}  // namespace scribe::storage
