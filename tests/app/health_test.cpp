#include "bot/app/health.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/process.hpp"
#include "tests/support/temp_dir.hpp"

using scribe::app::HealthReport;

TEST_CASE("healthy only when every check passes", "[health]") {
  HealthReport report;
  report.add("storage", true, "writable").add("slack", true, "connected");
  CHECK(report.ok());
  CHECK(report.status_code() == 200);
  CHECK(report.reason().empty());
  CHECK(report.json() ==
        R"({"status":"ok","checks":[{"name":"storage","ok":true,"detail":"writable"},)"
        R"({"name":"slack","ok":true,"detail":"connected"}]})");
  CHECK(report.response().first == 200);
}

TEST_CASE("a failing check gives 503 with the reason", "[health]") {
  HealthReport report;
  report.add("storage", true, "writable")
      .add("slack", false, "not connected: reconnecting after \"timeout\"")
      .add("matrix", false, "sync failing");
  CHECK_FALSE(report.ok());
  CHECK(report.status_code() == 503);
  CHECK(report.reason() ==
        "slack: not connected: reconnecting after \"timeout\"; matrix: sync failing");
  const auto body = boost::json::parse(report.json()).as_object();
  CHECK(body.at("status").as_string() == "unavailable");
  CHECK(std::string(body.at("reason").as_string()) == report.reason());
  REQUIRE(body.at("checks").as_array().size() == 3);
  CHECK(body.at("checks").as_array()[1].as_object().at("ok").as_bool() == false);
}

TEST_CASE("no checks at all is not healthy", "[health]") {
  HealthReport report;
  CHECK(report.status_code() == 503);
  CHECK_THAT(report.json(), Catch::Contains("no health checks"));
}

TEST_CASE("storage health asks the file system", "[health]") {
  scribe::test::TempDir dir;
  const auto db = (dir / "scribe.db").string();
  CHECK(scribe::app::storage_health(dir.path().string(), db).ok);  // no database yet: fine
  scribe::test::write_file(db, "");
  CHECK(scribe::app::storage_health(dir.path().string(), db).ok);

  auto missing = scribe::app::storage_health((dir / "nope").string(), db);
  CHECK_FALSE(missing.ok);
  CHECK_THAT(missing.detail, Catch::Contains("nope") && Catch::Contains("not writable"));

  ::chmod(db.c_str(), 0444);
  if (::access(db.c_str(), W_OK) == 0) {
    WARN("running as a user that ignores file permissions (root); skipping the read-only case");
    return;
  }
  auto ro = scribe::app::storage_health(dir.path().string(), db);
  CHECK_FALSE(ro.ok);
  CHECK_THAT(ro.detail, Catch::Contains("scribe.db"));
}
