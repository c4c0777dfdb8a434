// The pages as HTML, from an engine's store: figures, the picture, escaping,
// filters, drafts, JSON, methods and paths.
#include "adapters/web/web_view.hpp"

#include "adapters/web/reports.hpp"
#include "bot/core/time.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/support/engine_fixture.hpp"

using namespace scribe;
using test::EngineFixture;

namespace {

net::ServerResponse get(web::WebView& view, const std::string& target,
                        const std::string& method = "GET") {
  net::ServerRequest r;
  r.method = method;
  r.target = target;
  return view.handle(r);
}

void seed(EngineFixture& f) {
  f.say("2026-03-12T14:46:10Z", "dana", "/incident start API returning 503s sev:P1");
  f.say("2026-03-12T14:46:40Z", "dana", "/incident detected 14:44 PingBase alert fires");
  f.say("2026-03-12T14:47:00Z", "dana", "/incident service api");
  f.say("2026-03-12T15:06:00Z", "dana", "/incident impact 14:31 First 503s");
  f.say("2026-03-12T15:11:00Z", "dana", "/incident resolved");
  f.say("2026-03-12T15:30:00Z", "dana", "/incident close");
}

}  // namespace

TEST_CASE("the incident page: figures, the inline picture, entries with their ids", "[web]") {
  EngineFixture f;
  seed(f);
  web::WebView view(*f.store, {});
  const auto res = get(view, "/incidents/INC-1");
  CHECK(res.status == 200);
  CHECK(res.content_type == "text/html; charset=utf-8");
  CHECK_THAT(res.body, Catch::Contains("id=\"customer-impact\"><b>40 minutes</b>"));
  CHECK_THAT(res.body, Catch::Contains("id=\"detection-gap\"><b>13 minutes</b>"));
  CHECK_THAT(res.body, Catch::Contains("<rect class=\"impact\""));
  CHECK_THAT(res.body, Catch::Contains("<td>T-1</td>"));
  CHECK_THAT(res.body, Catch::Contains("services api"));
  bool policy = false;
  for (const auto& [name, value] : res.headers)
    policy =
        policy || (name == "Content-Security-Policy" && value.starts_with("default-src 'none'"));
  CHECK(policy);
  CHECK(get(view, "/incidents/INC-1/timeline.svg").content_type == "image/svg+xml");
  const auto raw = get(view, "/incidents/INC-1/drafts/1.md");
  CHECK(raw.status == 200);
  CHECK_THAT(raw.body, Catch::StartsWith("# INC-1: API returning 503s"));
  CHECK(get(view, "/incidents/INC-1/drafts/9").status == 404);
  CHECK(get(view, "/incidents/INC-9").status == 404);
  CHECK(get(view, "/../../etc/passwd").status == 404);
  CHECK(get(view, "/static/../scribe.db").status == 404);
  CHECK(get(view, "/", "POST").status == 405);
  CHECK(get(view, "/incidents/INC-1", "HEAD").body.empty());

  const auto api = boost::json::parse(get(view, "/api/incidents/INC-1").body);
  CHECK(api.at("customer_impact_minutes").as_int64() == 40);
  CHECK(api.at("detection_gap_minutes").as_int64() == 13);
  CHECK(api.at("timeline").as_array().size() >= 4);
}

TEST_CASE("a draft's page is the rendered draft, with its picture beside it", "[web]") {
  EngineFixture f;
  seed(f);
  web::WebView view(*f.store, {});
  const auto res = get(view, "/incidents/INC-1/drafts/1");
  REQUIRE(res.status == 200);
  CHECK_THAT(res.body, Catch::Contains("<article class=\"draft\" id=\"draft\">\n<h1>INC-1: API returning 503s"));
  CHECK_THAT(res.body, Catch::Contains("40 minutes"));
  CHECK_THAT(res.body, Catch::Contains("<h2>Timeline</h2>"));
  CHECK_THAT(res.body, !Catch::Contains("<pre># INC-1"));  // not the Markdown source
  CHECK_THAT(res.body, Catch::Contains("<img src=\"INC-1-timeline.svg\""));
  // The relative name resolves on the draft's page to the incident's picture.
  const auto picture = get(view, "/incidents/INC-1/drafts/INC-1-timeline.svg");
  CHECK(picture.status == 200);
  CHECK(picture.content_type == "image/svg+xml");
  CHECK_THAT(picture.body, Catch::Contains("class=\"impact\""));
  CHECK(get(view, "/incidents/INC-1/drafts/INC-2-timeline.svg").status == 404);
}

TEST_CASE("every text on the pages is escaped", "[web]") {
  EngineFixture f;
  f.say("2026-03-12T14:46:10Z", "mallory", "/incident start <script>alert(1)</script>");
  f.say("2026-03-12T14:47:00Z", "mallory", "/incident note \"><img src=x onerror=alert(2)>");
  f.say("2026-03-12T14:48:00Z", "mallory", "<a href=\"javascript:alert(3)\">x</a>");
  f.say("2026-03-12T14:49:00Z", "mallory",
        "/incident summary [click](javascript:alert(4)) <iframe src=//evil> ![p](https://evil/p.png)");
  f.say("2026-03-12T14:50:00Z", "mallory", "/incident close");
  web::WebView view(*f.store, {});
  for (const std::string target :
       {"/", "/incidents/INC-1", "/?q=<script>", "/incidents/INC-1/drafts/1"}) {
    const auto body = get(view, target).body;
    INFO(target);
    CHECK_THAT(body, !Catch::Contains("<script"));
    CHECK_THAT(body, !Catch::Contains("<img src=x"));
    CHECK_THAT(body, !Catch::Contains("<a href=\"javascript"));
    CHECK_THAT(body, !Catch::Contains("<iframe"));
    CHECK_THAT(body, !Catch::Contains("<img src=\"https://evil"));
  }
  CHECK_THAT(get(view, "/incidents/INC-1/drafts/1").body,
             Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(get(view, "/incidents/INC-1").body,
             Catch::Contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST_CASE("the list: open first, filtered by status, severity, service, dates and words", "[web]") {
  EngineFixture f;
  seed(f);
  f.say("2026-03-20T09:00:00Z", "sam", "/incident start Billing export slow sev:P3", "#billing");
  f.say("2026-03-20T09:01:00Z", "sam", "the nightly job holds a lock on the invoices table",
        "#billing");
  web::WebView view(*f.store, {});
  const auto all = get(view, "/").body;
  CHECK_THAT(all, Catch::Contains("2 of 2 incidents"));
  CHECK(all.find("id=\"INC-2\"") < all.find("id=\"INC-1\""));  // the open one first
  CHECK_THAT(get(view, "/?status=closed").body, Catch::Contains("1 of 2 incidents"));
  CHECK_THAT(get(view, "/?severity=P3").body, Catch::Contains("id=\"INC-2\""));
  CHECK_THAT(get(view, "/?service=API").body, Catch::Contains("id=\"INC-1\""));
  CHECK_THAT(get(view, "/?service=API").body, Catch::Contains("1 of 2 incidents"));
  CHECK_THAT(get(view, "/?q=invoices+table").body, Catch::Contains("id=\"INC-2\""));
  CHECK_THAT(get(view, "/?q=INVOICES%20table").body, Catch::Contains("1 of 2 incidents"));
  CHECK_THAT(get(view, "/?from=2026-03-13&to=2026-03-31").body,
             Catch::Contains("1 of 2 incidents"));
  CHECK_THAT(get(view, "/?to=2026-03-12").body, Catch::Contains("id=\"INC-1\""));
}

TEST_CASE("action items by owner, overdue in the owner's zone, and the completion rate", "[web]") {
  EngineFixture f;
  seed(f);
  f.say("2026-03-12T15:31:00Z", "dana", "/incident action INC-1 @sam Fix the query due 2026-03-13");
  f.say("2026-03-12T15:32:00Z", "dana", "/incident action INC-1 @lee Add a linter rule due 2026-03-26");
  f.say("2026-03-12T15:33:00Z", "dana", "/incident action INC-1 @lee Write the runbook due 2026-03-26");
  f.say("2026-03-12T15:34:00Z", "lee", "/incident done A-3");
  web::WebViewOptions options;
  options.now = [] { return *core::parse_iso8601("2026-03-20T12:00:00Z"); };
  web::WebView view(*f.store, options);
  const auto body = get(view, "/actions").body;
  INFO(body);
  CHECK_THAT(body, Catch::Contains("1 of 3 done (33%)"));
  CHECK_THAT(body, Catch::Contains("@sam</h2><p>1 open, 1 overdue, 0% done"));
  CHECK_THAT(body, Catch::Contains("@lee</h2><p>1 open, 0 overdue, 50% done"));
  CHECK_THAT(body, Catch::Contains("<tr class=\"overdue\"><td>A-1</td>"));
  CHECK_THAT(body, Catch::Contains("(overdue 7 d)"));
  CHECK_THAT(body, Catch::Contains("<a href=\"/incidents/INC-1\">INC-1</a>"));
}

TEST_CASE("an exported item links to its tracker issue and a strange URL stays text", "[web][trackers]") {
  EngineFixture f;
  seed(f);
  f.say("2026-03-12T15:31:00Z", "dana", "/incident action INC-1 @sam Fix the query due 2026-03-13");
  f.say("2026-03-12T15:32:00Z", "dana", "/incident action INC-1 @lee Add a linter rule due 2026-03-26");
  const auto now = *core::parse_iso8601("2026-03-12T15:40:00Z");
  f.engine.tracker_export_made(1, "acme/web#41", "https://github.com/acme/web/issues/41", now);
  f.engine.tracker_export_made(2, "OPS-7", "javascript:alert(1)", now);
  web::WebView view(*f.store, {});
  for (const std::string target : {"/incidents/INC-1", "/actions"}) {
    const auto body = get(view, target).body;
    INFO(target);
    CHECK_THAT(body, Catch::Contains(
                         "<a class=\"tracker\" href=\"https://github.com/acme/web/issues/41\">acme/web#41</a>"));
    CHECK_THAT(body, Catch::Contains("<td>OPS-7</td>"));
    CHECK_THAT(body, !Catch::Contains("javascript:"));
  }
}

TEST_CASE("insights: per month and per severity, medians and p90s, the chart", "[web]") {
  EngineFixture f;
  seed(f);  // March, P1: detect 13, resolve 27 from detection
  f.say("2026-04-02T10:00:00Z", "sam", "/incident start Billing export slow sev:P3", "#billing");
  f.say("2026-04-02T10:01:00Z", "sam", "/incident impact 09:50 exports queued", "#billing");
  f.say("2026-04-02T10:02:00Z", "sam", "/incident detected 09:55 ticket", "#billing");
  web::WebView view(*f.store, {});
  const auto body = get(view, "/insights").body;
  INFO(body);
  CHECK_THAT(body, Catch::Contains("<tr><th>2026-03</th><td>1</td><td>13 / 13 min</td>"));
  CHECK_THAT(body, Catch::Contains("<tr><th>2026-04</th><td>1</td><td>5 / 5 min</td>"));
  CHECK_THAT(body, Catch::Contains("<tr><th>P1</th><td>1</td><td>13 / 13 min</td>"));
  CHECK_THAT(body, Catch::Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"incidents-per-month\""));
  CHECK_THAT(body, Catch::Contains("<title>2026-03 P1: 1</title>"));
  CHECK(web::quantile({5, 1, 9, 3, 7, 2, 8, 4, 6, 10}, 0.5) == 5);
  CHECK(web::quantile({5, 1, 9, 3, 7, 2, 8, 4, 6, 10}, 0.9) == 9);
  CHECK_FALSE(web::quantile({}, 0.5));
}
