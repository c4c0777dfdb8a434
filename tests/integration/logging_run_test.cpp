// The binary logs as its config says: the level, the format, the secrets
// redacted. (The logging unit tests check the pieces; this checks that the
// commands set them up at all.)
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <sstream>

#include "tests/support/fake_trackers.hpp"
#include "tests/support/replay_workspace.hpp"

using namespace scribe::test;

namespace {

const std::string kExample = std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt";
constexpr const char* kToken = "ghp-itest-secret-never-logged";

// A GitHub that refuses the token and, carelessly, repeats it in its answer.
struct CarelessGitHub {
  FakeGitHub github{"acme/web", kToken};
  CarelessGitHub() {
    github.answer_next(
        "POST /repos/acme/web/issues",
        TestResponse::json(std::string(R"({"message": "Bad credentials: )") + kToken + R"("})",
                           401),
        3);
  }
  std::string config(const std::string& top) const {
    return top + "[trackers.github]\napi_url = \"" + github.base_url() +
           "/\"\nrepo = \"acme/web\"\ntoken = \"" + kToken + "\"\n";
  }
};

}  // namespace

TEST_CASE("scribe logs JSON lines at the configured level with its secrets redacted",
          "[integration][logging]") {
  CarelessGitHub careless;
  Workspace ws("UTC", careless.config("log_format = \"json\"\n"));
  const auto r = ws.scribe({"replay", kExample, "--export"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.err);
  int warnings = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    boost::system::error_code ec;
    const auto value = boost::json::parse(line, ec);
    INFO(line);
    REQUIRE_FALSE(ec);  // every line one JSON object
    REQUIRE(value.is_object());
    if (value.at("level") == "warn") ++warnings;
  }
  CHECK(warnings == 3);  // each refused export
  CHECK_THAT(r.err, Catch::Contains("[redacted]"));
  CHECK_THAT(r.err, !Catch::Contains(kToken));

  CarelessGitHub quiet;
  Workspace errors_only("UTC", quiet.config("log_level = \"error\"\n"));
  const auto q = errors_only.scribe({"replay", kExample, "--export"});
  INFO(q.err);
  CHECK(q.exit_code == 0);
  CHECK_THAT(q.err, !Catch::Contains("refused"));
  CHECK_THAT(q.out, Catch::Contains("could not be exported"));  // the channel still hears it
  CHECK_THAT(q.out, !Catch::Contains(kToken));                  // but not the token
}
