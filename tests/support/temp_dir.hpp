// A fresh directory under the system temp dir, removed with everything in it
// when the object goes away. Tests use it for SQLite files and drafts.
#pragma once

#include <filesystem>

namespace scribe::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::filesystem::path& p) const { return path_ / p; }

 private:
  std::filesystem::path path_;
};

}  // namespace scribe::test
