// The web view inside the real `scribe run`: the pages answer on the [http]
// listener beside /healthz while Slack writes the incident, and show it as
// the chat left it.
#include <catch2/catch.hpp>

#include "tests/support/fake_slack.hpp"
#include "tests/support/http_post.hpp"
#include "tests/support/process.hpp"
#include "tests/support/scribe_run.hpp"
#include "tests/support/slack_seed.hpp"

using namespace scribe::test;
using namespace std::chrono_literals;

namespace {

const std::string kExample = std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt";

}  // namespace

TEST_CASE("scribe run: the incident typed in Slack is on its page, next to /healthz",
          "[integration][web][slack]") {
  FakeSlack fake;
  const unsigned short port = free_loopback_port();
  ScribeRun scribe("[http]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n" +
                   slack_config(fake) + "[web]\nbase_url = \"https://scribe.example.com\"\n");
  scribe.start();
  REQUIRE(FakeSlack::eventually([&] { return fake.connections() == 1; }, 10s));
  REQUIRE(scribe.logged("status on http://127.0.0.1:"));

  type_seed_incident(fake, kExample);
  REQUIRE(FakeSlack::eventually(
      [&] {
        const auto u = fake.uploads();
        return !u.empty() && u.back().completed;
      },
      15s));
  const auto page = http_post(port, "/incidents/INC-1", "", {}, "GET");
  INFO(page.body << scribe.logs());
  CHECK(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("id=\"customer-impact\"><b>40 minutes</b>"));
  CHECK_THAT(page.body, Catch::Contains("id=\"detection-gap\"><b>13 minutes</b>"));
  CHECK_THAT(page.body, Catch::Contains("connections are never returned to the pool"));
  const auto draft = http_post(port, "/incidents/INC-1/drafts/1", "", {}, "GET");
  CHECK(draft.status == 200);
  CHECK_THAT(draft.body, Catch::Contains("<strong>Total customer impact: 40 minutes"));
  // The uploaded draft links to that page.
  CHECK_THAT(fake.uploads().back().content,
             Catch::Contains("- Web view: https://scribe.example.com/incidents/INC-1"));
  CHECK(http_post(port, "/healthz", "", {}, "GET").status == 200);

  // An incident declared now is on the list at once, open ones first.
  declare_incident(fake, "Checkout is slow");
  const auto list = http_post(port, "/", "", {}, "GET");
  CHECK(list.status == 200);
  const auto open = list.body.find("Checkout is slow");
  const auto closed = list.body.find("API returning 503s");
  CHECK(open != std::string::npos);
  CHECK(closed != std::string::npos);
  CHECK(open < closed);
  CHECK(scribe.stop() == 0);
}
