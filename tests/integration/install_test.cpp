// `cmake --install` lays out what a packager or the Dockerfile copies: the
// binary, the templates, the example config and the systemd unit.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe::test;
namespace fs = std::filesystem;

TEST_CASE("cmake --install lays out the binary, templates, example config and unit",
          "[integration][install]") {
  TempDir prefix;
  const auto installed = run_process(
      {SCRIBE_CMAKE, "--install", SCRIBE_BUILD_DIR, "--prefix", prefix.path().string()});
  INFO(installed.out << installed.err);
  REQUIRE(installed.exit_code == 0);
  const fs::path bin = prefix / "bin" / "scribe";
  const fs::path share = prefix / "share" / "scribe";
  CHECK(fs::exists(bin));
  CHECK(fs::exists(share / "templates" / "postmortem.md.mustache"));
  CHECK(fs::exists(share / "scribe.example.toml"));
  CHECK(fs::exists(share / "scribe.service"));

  // The installed binary runs on its own, and the example config it ships is valid.
  const auto version = run_process({bin.string(), "--version"});
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.out, Catch::Contains("scribe"));
  const auto check = run_process(
      {bin.string(), "check-config", "--config", (share / "scribe.example.toml").string()}, "",
      prefix.path());
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}
