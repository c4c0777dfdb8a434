#include "tests/support/build_paths.hpp"

namespace scribe::test {

const char* scribe_binary() {
  return SCRIBE_BINARY;
}

const char* build_dir() {
  return SCRIBE_BUILD_DIR;
}

const char* cmake_command() {
  return SCRIBE_CMAKE;
}

}  // namespace scribe::test
