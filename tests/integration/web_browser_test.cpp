// The web view in a real browser: `scribe web` serves a replayed data
// directory and Debian's headless Chromium loads the pages; the assertions are
// on the DOM it rendered (`--dump-dom`), after any script would have run.
#include <signal.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include "tests/support/background_process.hpp"
#include "tests/support/build_paths.hpp"
#include "tests/support/http_post.hpp"
#include "tests/support/process.hpp"
#include "tests/support/replay_workspace.hpp"

using namespace scribe::test;
using namespace std::chrono_literals;

namespace {

const std::string kExample = std::string(SCRIBE_SOURCE_DIR) + "/examples/db-pool-exhaustion.txt";
const std::string kChromium = "/usr/bin/chromium";

// Titles, notes and messages a hostile or careless responder might type.
const std::string kInjections =
    "2026-03-14T09:00:00Z mallory: /incident start "
    "<script>document.body.insertAdjacentHTML('beforeend','<b id=pwned1></b>')</script> sev:P3\n"
    "2026-03-14T09:01:00Z mallory: /incident note \"><img src=x "
    "onerror=\"document.body.insertAdjacentHTML('beforeend','<b id=pwned2></b>')\">\n"
    "2026-03-14T09:02:00Z mallory: [click "
    "me](javascript:document.body.insertAdjacentHTML('beforeend','<b id=pwned3></b>')) <a "
    "href=\"javascript:alert(1)\">x</a>\n"
    "2026-03-14T09:03:00Z mallory: /incident summary <svg onload=alert(4)> **bold** <iframe "
    "src=//evil>\n"
    "2026-03-14T09:04:00Z mallory: /incident close\n";

struct WebScribe {
  unsigned short port = free_loopback_port();  // before ws: its config names it
  Workspace ws;
  std::unique_ptr<BackgroundProcess> process;

  explicit WebScribe(const std::string& web = "")
      : ws("UTC", "[http]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n" + web) {
    const auto seed = ws.scribe({"replay", kExample});
    INFO(seed.out << seed.err);
    REQUIRE(seed.exit_code == 0);
    write_file(ws.dir / "injections.txt", kInjections);
    const auto hostile = ws.scribe({"replay", (ws.dir / "injections.txt").string()});
    INFO(hostile.out << hostile.err);
    REQUIRE(hostile.exit_code == 0);
  }

  void start() {
    process = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{scribe_binary(), "web", "--config", ws.config}, ws.dir.path());
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    const auto logs = [&] { return process->out() + process->err(); };
    while (logs().find("incidents on http://") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline && process->running())
      std::this_thread::sleep_for(20ms);
    INFO(logs());
    REQUIRE(logs().find("incidents on http://") != std::string::npos);
  }
  ~WebScribe() {
    if (process) {
      process->kill(SIGTERM);
      process->wait(5s);
    }
  }

  // The DOM Chromium built for `path`.
  std::string dom(const std::string& path) {
    if (!std::filesystem::exists(kChromium))
      FAIL("Debian's chromium is not installed (scripts/install-deps.sh installs it)");
    const auto profile = ws.dir / ("chromium-profile-" + std::to_string(++loads));
    const auto r = run_process({kChromium, "--headless", "--no-sandbox", "--disable-gpu",
                                "--no-first-run", "--disable-dev-shm-usage",
                                "--user-data-dir=" + profile.string(), "--virtual-time-budget=2000",
                                "--dump-dom", "http://127.0.0.1:" + std::to_string(port) + path});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r.out;
  }
  int loads = 0;
};

}  // namespace

TEST_CASE("web: the seed incident's page shows its figures and the picture with both spans",
          "[integration][web][browser]") {
  WebScribe web;
  web.start();
  const std::string dom = web.dom("/incidents/INC-1");
  INFO(dom);
  CHECK_THAT(dom, Catch::Contains("<h1>INC-1: API returning 503s</h1>"));
  CHECK_THAT(dom,
             Catch::Contains("<div class=\"figure\" id=\"customer-impact\"><b>40 minutes</b>"));
  CHECK_THAT(dom, Catch::Contains("<div class=\"figure\" id=\"detection-gap\"><b>13 minutes</b>"));
  CHECK_THAT(dom, Catch::Contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK_THAT(dom, Catch::Contains("class=\"impact\""));
  CHECK_THAT(dom, Catch::Contains("data-minutes=\"40\""));
  CHECK_THAT(dom, Catch::Contains("class=\"detection-gap\""));
  CHECK_THAT(dom, Catch::Contains("data-minutes=\"13\""));
  CHECK_THAT(dom, Catch::Contains("Deploy of v2.4.1 completed to production"));
  CHECK_THAT(dom, Catch::Contains("INC-1/drafts/1.md"));
}

TEST_CASE("web: a draft's page shows the rendered draft and its picture",
          "[integration][web][browser]") {
  WebScribe web;
  web.start();
  const std::string dom = web.dom("/incidents/INC-1/drafts/1");
  INFO(dom);
  CHECK_THAT(dom, Catch::Contains("<h1>INC-1: API returning 503s \xE2\x80\x94 Postmortem (draft v1)</h1>"));
  CHECK_THAT(dom, Catch::Contains("40 minutes"));
  CHECK_THAT(dom, Catch::Contains("<h2>Timeline</h2>"));
  CHECK_THAT(dom, Catch::Contains("<img src=\"INC-1-timeline.svg\""));
  CHECK_THAT(dom, Catch::Contains("type=\"checkbox\""));  // the action items, as a task list
  // The picture the draft names loads on that page.
  const auto picture = http_post(web.port, "/incidents/INC-1/drafts/INC-1-timeline.svg", "", {}, "GET");
  CHECK(picture.status == 200);
  CHECK_THAT(picture.body, Catch::Contains("data-minutes=\"40\""));
}

TEST_CASE("web: the list filters and searches", "[integration][web][browser]") {
  WebScribe web;
  web.start();
  auto dom = web.dom("/");
  CHECK_THAT(dom, Catch::Contains("2 of 2 incidents"));
  dom = web.dom("/?q=never+returned+to+the+pool");  // words said in the transcript only
  INFO(dom);
  CHECK_THAT(dom, Catch::Contains("1 of 2 incidents"));
  CHECK_THAT(dom, Catch::Contains("id=\"INC-1\""));
  CHECK_THAT(web.dom("/?severity=P3"), Catch::Contains("id=\"INC-2\""));
  CHECK_THAT(web.dom("/?severity=P3"), !Catch::Contains("id=\"INC-1\""));
  CHECK_THAT(web.dom("/?from=2026-03-13"), Catch::Contains("1 of 2 incidents"));
  CHECK_THAT(web.dom("/?status=open&severity=P1"), Catch::Contains("0 of 2 incidents"));
}

TEST_CASE("web: insights and action items render in the browser", "[integration][web][browser]") {
  WebScribe web;
  web.start();
  const std::string insights = web.dom("/insights");
  INFO(insights);
  CHECK_THAT(insights, Catch::Contains("<tr><th>2026-03</th><td>2</td>"));
  CHECK_THAT(insights, Catch::Contains("<tr><th>P1</th><td>1</td><td>13 / 13 min</td>"));
  CHECK_THAT(insights, Catch::Contains("id=\"incidents-per-month\""));
  const std::string actions = web.dom("/actions");
  INFO(actions);
  CHECK_THAT(actions, Catch::Contains("0 of 3 done"));
  CHECK_THAT(actions, Catch::Contains("Fix the query to close its connections"));
}

TEST_CASE("web: what people typed renders as text and runs nothing",
          "[integration][web][browser]") {
  WebScribe web;
  web.start();
  for (const std::string path : {"/", "/incidents/INC-2", "/incidents/INC-2/drafts/1"}) {
    const std::string dom = web.dom(path);
    INFO(path << "\n" << dom);
    CHECK_THAT(dom, !Catch::Contains("id=\"pwned"));
    CHECK_THAT(dom, !Catch::Contains("<script"));
    CHECK_THAT(dom, !Catch::Contains("<img src=\"x\""));
    CHECK_THAT(dom,
               !Catch::Contains("<a href=\"javascript:"));  // as an element; as text it is fine
    CHECK_THAT(dom, !Catch::Contains("<iframe"));
  }
  CHECK_THAT(web.dom("/incidents/INC-2"), Catch::Contains("&lt;script&gt;document.body"));
  // The hostile incident's draft exists and was rendered (not a 404 that runs nothing).
  CHECK_THAT(web.dom("/incidents/INC-2/drafts/1"), Catch::Contains("<article class=\"draft\""));
}

TEST_CASE("web: `scribe web` shows what another Scribe writes meanwhile", "[integration][web]") {
  WebScribe web;
  web.start();
  CHECK_THAT(http_post(web.port, "/", "", {}, "GET").body, Catch::Contains("2 of 2 incidents"));
  write_file(web.ws.dir / "later.txt",
             "2026-03-20T10:00:00Z lee: /incident start Search index stale sev:P2\n"
             "2026-03-20T10:05:00Z lee: the reindex job is stuck on shard 7\n");
  const auto later = web.ws.scribe({"replay", (web.ws.dir / "later.txt").string()});
  INFO(later.out << later.err);
  REQUIRE(later.exit_code == 0);
  const auto list = http_post(web.port, "/", "", {}, "GET");
  CHECK_THAT(list.body, Catch::Contains("3 of 3 incidents"));
  CHECK_THAT(list.body, Catch::Contains("Search index stale"));
  CHECK_THAT(http_post(web.port, "/?q=shard+7", "", {}, "GET").body,
             Catch::Contains("1 of 3 incidents"));
}

TEST_CASE("web: a token is asked for, and a listener on every address needs one",
          "[integration][web]") {
  WebScribe web("[web]\nauth = \"token\"\ntoken = \"itest-web-token\"\n");
  web.start();
  auto a = http_post(web.port, "/incidents/INC-1", "", {}, "GET");
  CHECK(a.status == 401);
  a = http_post(web.port, "/incidents/INC-1", "", {{"Authorization", "Bearer wrong"}}, "GET");
  CHECK(a.status == 401);
  a = http_post(web.port, "/incidents/INC-1", "", {{"Authorization", "Bearer itest-web-token"}},
                "GET");
  CHECK(a.status == 200);
  CHECK(
      http_post(web.port, "/", "", {{"Authorization", "Bearer itest-web-token"}}, "POST").status ==
      405);

  Workspace open("UTC",
                 "[http]\nlisten = \"0.0.0.0:" + std::to_string(free_loopback_port()) + "\"\n");
  const auto refused = open.scribe({"web"});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("web.auth is \"none\" but http.listen"));
}
