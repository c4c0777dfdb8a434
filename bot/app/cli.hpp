// The `scribe` command line (README "The program"; docs/architecture.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace scribe::app {

// Exit codes of the contract.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err);

}  // namespace scribe::app
