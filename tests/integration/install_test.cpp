// `cmake --install` lays out what a packager or the Dockerfile copies: the
// binary, the templates, the example config and the systemd unit.
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/build_paths.hpp"
#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace scribe::test;
namespace fs = std::filesystem;

namespace {

// `cmake --install` of this build into `prefix`; its output goes into the
// failure message.
void install_into(const TempDir& prefix) {
  const auto installed =
      run_process({cmake_command(), "--install", build_dir(), "--prefix", prefix.path().string()});
  INFO(installed.out << installed.err);
  REQUIRE(installed.exit_code == 0);
}

}  // namespace

TEST_CASE("cmake --install lays out the binary, templates, example config and unit",
          "[integration][install]") {
  TempDir prefix;
  install_into(prefix);
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

namespace {

// systemd's own checker; scripts/install-deps.sh installs it (package systemd).
fs::path systemd_analyze() {
  for (const char* dir : {"/usr/bin", "/bin"}) {
    if (fs::exists(fs::path(dir) / "systemd-analyze")) return fs::path(dir) / "systemd-analyze";
  }
  return {};
}

}  // namespace

// The unit is checked offline, as systemd would load it: no unknown keys or bad
// values (systemd only warns about those, so any output fails the test), the
// command exists, and the sandbox scores as systemd's "OK" exposure.
TEST_CASE("the shipped systemd unit loads cleanly and is hardened", "[integration][install]") {
  const fs::path analyze = systemd_analyze();
  INFO("systemd-analyze is missing: run scripts/install-deps.sh");
  REQUIRE(!analyze.empty());
  TempDir prefix;
  install_into(prefix);
  // The unit names /usr/local/bin/scribe; here the binary is under the prefix.
  std::string unit = read_file(prefix / "share" / "scribe" / "scribe.service");
  const std::string shipped_command = "ExecStart=/usr/local/bin/scribe ";
  const auto at = unit.find(shipped_command);
  REQUIRE(at != std::string::npos);
  unit.replace(at, shipped_command.size(),
               "ExecStart=" + (prefix / "bin" / "scribe").string() + " ");
  const fs::path checked = prefix / "scribe.service";
  write_file(checked, unit);

  const auto verify = run_process({analyze.string(), "verify", checked.string()});
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);
  CHECK(verify.err.empty());

  // Exposure is 0.0 (locked down) to 10.0 (none); the threshold is in tenths.
  const auto security = run_process(
      {analyze.string(), "security", "--offline=yes", "--threshold=20", checked.string()});
  INFO(security.out << security.err);
  CHECK(security.exit_code == 0);
  CHECK_THAT(security.out, Catch::Contains("Overall exposure level for scribe.service"));

  // A typo in a key must not pass unnoticed: the same check fails on it.
  write_file(checked, unit + "\n[Service]\nProtectSystm=strict\n");
  const auto typo = run_process({analyze.string(), "verify", checked.string()});
  CHECK_FALSE(typo.err.empty());
}

namespace {

// The Debian package that ships `library` (a path ldd printed), or "".
// Debian 12 merged /lib into /usr/lib; dpkg knows each file by one of the two.
std::string package_of(const fs::path& library) {
  std::vector<std::string> candidates{library.string()};
  const std::string s = library.string();
  if (s.starts_with("/lib/")) candidates.push_back("/usr" + s);
  if (s.starts_with("/usr/lib/")) candidates.push_back(s.substr(4));
  for (const auto& path : candidates) {
    const auto owner = run_process({"/usr/bin/dpkg", "-S", path});
    if (owner.exit_code == 0) return owner.out.substr(0, owner.out.find(':'));
  }
  return "";
}

}  // namespace

// deploy/Dockerfile's runtime stage installs the binary's shared libraries by
// package name. A new library dependency would start a build that passes and an
// image that cannot run; this catches it here, without Docker.
TEST_CASE("the Docker runtime stage installs every shared library the binary links",
          "[integration][install]") {
  TempDir prefix;
  install_into(prefix);
  const std::string dockerfile = read_file(fs::path(SCRIBE_SOURCE_DIR) / "deploy" / "Dockerfile");
  const auto runtime_stage = dockerfile.find("FROM debian:bookworm-slim");
  REQUIRE(runtime_stage != std::string::npos);
  const std::string runtime = dockerfile.substr(runtime_stage);

  const auto ldd = run_process({"/usr/bin/ldd", (prefix / "bin" / "scribe").string()});
  INFO(ldd.out << ldd.err);
  REQUIRE(ldd.exit_code == 0);
  std::set<std::string> packages;
  std::istringstream lines(ldd.out);
  for (std::string name, arrow, path; lines >> name;) {
    std::string rest;
    std::getline(lines, rest);
    std::istringstream fields(rest);
    if (!(fields >> arrow >> path) || arrow != "=>") continue;
    const std::string package = package_of(path);
    INFO(name << " at " << path);
    CHECK(!package.empty());
    if (!package.empty()) packages.insert(package);
  }
  CHECK(packages.count("libssl3") == 1);  // the list was read at all
  // In every debian:bookworm-slim image already (apt itself needs them).
  const std::set<std::string> in_base{"libc6", "libgcc-s1", "libstdc++6"};
  // The sanitizer build's binary links the sanitizer runtimes, and at -O0 some
  // Boost it otherwise inlines; the image is an optimised build without them,
  // so the comparison means something in the normal build only.
  const bool sanitized = packages.count("libasan8") == 1;
  if (sanitized) WARN("sanitizer build: the package list is checked by the normal build");
  for (const auto& package : sanitized ? std::set<std::string>{} : packages) {
    if (in_base.count(package)) continue;
    INFO("deploy/Dockerfile's runtime apt-get install lacks " << package);
    CHECK(runtime.find(" " + package + " ") != std::string::npos);
  }

  // The image's config is the example with three lines rewritten by sed (the
  // [http] listen only: [signals] stays off; the web view off, since it needs
  // auth off loopback); the installed binary must accept the result.
  std::string config = read_file(prefix / "share" / "scribe" / "scribe.example.toml");
  const std::regex data_dir(R"((^|\n)data_dir = [^\n]*)"), listen(R"((^|\n)listen = "127\.0\.0\.1:9464"[^\n]*)");
  REQUIRE(std::regex_search(config, data_dir));
  REQUIRE(std::regex_search(config, listen));
  config =
      std::regex_replace(config, data_dir, "$1data_dir = \"" + (prefix / "data").string() + "\"");
  config = std::regex_replace(config, listen, "$1listen = \"0.0.0.0:9464\"");
  const std::regex web_on(R"((^|\n)enabled = true(\n|$))");
  REQUIRE(std::regex_search(config, web_on));  // [web], the only section on by default
  config = std::regex_replace(config, web_on, "$1enabled = false$2");
  write_file(prefix / "scribe.toml", config);
  const auto check = run_process({(prefix / "bin" / "scribe").string(), "check-config", "--config",
                                  (prefix / "scribe.toml").string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}
