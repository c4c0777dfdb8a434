#include <catch2/catch.hpp>

#include "storage/sqlite_store.hpp"
#include "tests/storage/storage_fixtures.hpp"

using namespace scribe;
using scribe::test::bare_incident;
using scribe::test::instant;

TEST_CASE("draft versions count from 1 for each incident", "[storage]") {
  auto store = storage::open_store(":memory:");
  const auto a = store->incidents().create(bare_incident("C1"));
  const auto b = store->incidents().create(bare_incident("C2"));
  auto& drafts = store->drafts();
  CHECK_FALSE(drafts.latest(a));
  CHECK(drafts.list(a).empty());

  CHECK(drafts.add(a, instant(1000), "# INC-1 v1\n") == 1);
  CHECK(drafts.add(b, instant(1500), "# INC-2 v1\n") == 1);
  CHECK(drafts.add(a, instant(2000), "# INC-1 v2\n| table |") == 2);

  auto latest = drafts.latest(a);
  REQUIRE(latest);
  CHECK(latest->incident == a);
  CHECK(latest->version == 2);
  CHECK(latest->created_at == instant(2000));
  CHECK(latest->markdown == "# INC-1 v2\n| table |");

  auto versions = drafts.list(a);
  REQUIRE(versions.size() == 2);
  CHECK(versions[0].version == 1);
  CHECK(versions[0].markdown == "# INC-1 v1\n");
  CHECK(versions[0].created_at == instant(1000));
  CHECK(versions[1].version == 2);
  CHECK(drafts.latest(b)->version == 1);
}
