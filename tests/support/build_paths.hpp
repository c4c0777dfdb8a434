// Where this build directory put the things the tests run. Compiled in every
// build directory of its own (never shared between builds), so that test
// objects compiled once can be linked by the sanitizer build too and still
// run that build's `scribe` (see SCRIBE_REUSE_TEST_OBJECTS in tests/CMakeLists.txt).
#pragma once

namespace scribe::test {

const char* scribe_binary();  // the `scribe` executable of this build
const char* build_dir();      // the build directory (for `cmake --install`)
const char* cmake_command();  // the cmake that configured it

}  // namespace scribe::test
