// Each source's real payload (tests/fixtures/protocol/signals/) as Signals.
#include "adapters/signals/signal_decoders.hpp"

#include <catch2/catch.hpp>

#include "bot/core/time.hpp"
#include "tests/support/process.hpp"

using namespace scribe;
using core::SignalKind;

namespace {

std::string sample(const std::string& name) {
  return test::read_file(std::string(SCRIBE_FIXTURES_DIR) + "/protocol/signals/" + name);
}

std::vector<core::Signal> signals_of(const signals::Decoded& d) {
  if (const auto* why = std::get_if<std::string>(&d)) FAIL("refused: " << *why);
  return std::get<std::vector<core::Signal>>(d);
}

std::string refusal_of(const signals::Decoded& d) {
  REQUIRE(std::holds_alternative<std::string>(d));
  return std::get<std::string>(d);
}

core::Instant at(const char* iso) {
  return *core::parse_iso8601(iso);
}

const signals::DecodeOptions kOptions{{"service", "job", "app"}, at("2026-12-01T07:00:00Z")};

}  // namespace

TEST_CASE("an Alertmanager group becomes one signal per alert, keyed for re-sends", "[signals]") {
  const auto firing = signals_of(signals::decode_alert_group(
      "alertmanager", sample("alertmanager-webhook-firing.json"), kOptions));
  REQUIRE(firing.size() == 2);
  const auto& first = firing[0];
  CHECK(first.source == "alertmanager");
  CHECK(first.kind == SignalKind::alert);
  CHECK(first.at == at("2026-12-01T06:58:59.493Z"));  // the firing time, not the arrival
  CHECK(first.name == "HighErrorRate");
  CHECK(first.services == std::vector<std::string>{"checkout"});  // service and job agree
  CHECK(first.text == "HighErrorRate firing: 5xx rate above 1/s on checkout-1:8080");
  CHECK(first.key == "1c5d859e845f39a3@2026-12-01T06:58:59.493Z:firing");
  CHECK(firing[1].key != first.key);

  // The resolution of the same alert is another signal, at its end time.
  const auto resolved = signals_of(signals::decode_alert_group(
      "alertmanager", sample("alertmanager-webhook-partially-resolved.json"), kOptions));
  bool saw_resolved = false;
  for (const auto& s : resolved) {
    if (s.kind != SignalKind::alert_resolved) continue;
    saw_resolved = true;
    CHECK(s.key.ends_with(":resolved"));
    CHECK(s.at > at("2026-12-01T06:58:59.493Z"));
    CHECK_THAT(s.text, Catch::StartsWith("HighErrorRate resolved"));
  }
  CHECK(saw_resolved);
}

TEST_CASE("Grafana's contact point is Alertmanager's shape, with offsets in its times",
          "[signals]") {
  const auto signals = signals_of(
      signals::decode_alert_group("grafana", sample("grafana-webhook-firing.json"), kOptions));
  REQUIRE_FALSE(signals.empty());
  CHECK(signals[0].source == "grafana");
  CHECK(signals[0].kind == SignalKind::alert);
  CHECK(signals[0].at == at("2021-10-12T07:51:03.157Z"));
}

TEST_CASE("PagerDuty v3: triggered is a page, acknowledged names who took it", "[signals]") {
  const auto triggered =
      signals_of(signals::decode_pagerduty(sample("pagerduty-v3-incident-triggered.json")));
  REQUIRE(triggered.size() == 1);
  CHECK(triggered[0].kind == SignalKind::page);
  CHECK(triggered[0].key == "01BZYIL05THJDFF2Y08X9SVMTU");
  CHECK(triggered[0].at == at("2021-06-04T13:35:29.781Z"));
  CHECK(triggered[0].text == "PagerDuty #9 triggered: Test Incident 3");
  REQUIRE(triggered[0].services.size() == 1);

  const auto acked =
      signals_of(signals::decode_pagerduty(sample("pagerduty-v3-incident-acknowledged.json")));
  REQUIRE(acked.size() == 1);
  CHECK(acked[0].kind == SignalKind::acknowledged);
  CHECK_THAT(acked[0].text, Catch::EndsWith("(by PIG 208)"));
  const auto resolved =
      signals_of(signals::decode_pagerduty(sample("pagerduty-v3-incident-resolved.json")));
  CHECK(resolved.at(0).kind == SignalKind::page_resolved);
}

TEST_CASE("GitHub: a successful deployment_status is a deploy, issues are not signals",
          "[signals]") {
  const auto deploy =
      signals_of(signals::decode_github("deployment_status", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                                        sample("github-deployment_status.json")));
  REQUIRE(deploy.size() == 1);
  CHECK(deploy[0].kind == SignalKind::deploy);
  CHECK(deploy[0].key == "72d3162e-cc78-11e3-81ab-4c9367dc0958");
  CHECK(deploy[0].services == std::vector<std::string>{"hello-world", "production"});
  CHECK_THAT(deploy[0].text,
             Catch::StartsWith("Deploy of master (f95f852) to production succeeded"));
  CHECK(signals_of(signals::decode_github("issues", "d-2", sample("github-issues-closed.json")))
            .empty());
  CHECK(signals_of(signals::decode_github("ping", "d-3", R"({"zen":"Keep it logically awesome."})"))
            .empty());
}

TEST_CASE("the generic signal: what the contract shows, and what it refuses", "[signals]") {
  const auto s = signals_of(signals::decode_generic(
      R"({"id": "deploy-4711", "at": "2026-03-12T14:12:00Z", "kind": "deploy", "service": "api",
          "text": "Deploy of v2.4.1 completed to production", "incident": "INC-4"})",
      kOptions));
  REQUIRE(s.size() == 1);
  CHECK(s[0].key == "deploy-4711");
  CHECK(s[0].kind == SignalKind::deploy);
  CHECK(s[0].at == at("2026-03-12T14:12:00Z"));
  CHECK(s[0].services == std::vector<std::string>{"api"});
  CHECK(s[0].incident == 4);

  // Without id the body is the key; without at, it happened on arrival.
  const std::string body = R"({"text": "feature flag new-checkout on", "kind": "change"})";
  const auto a = signals_of(signals::decode_generic(body, kOptions));
  const auto b = signals_of(signals::decode_generic(body, kOptions));
  CHECK(a[0].key == b[0].key);
  CHECK(a[0].at == kOptions.received_at);

  CHECK_THAT(refusal_of(signals::decode_generic(R"({"kind": "deploy"})", kOptions)),
             Catch::Contains("`text`"));
  CHECK_THAT(refusal_of(signals::decode_generic(R"({"text": "x", "kind": "party"})", kOptions)),
             Catch::Contains("`kind` must be"));
  CHECK_THAT(refusal_of(signals::decode_generic(R"({"text": "x", "at": "yesterday"})", kOptions)),
             Catch::Contains("`at`"));
  CHECK_THAT(refusal_of(signals::decode_generic(R"({"text": "x", "incident": "four"})", kOptions)),
             Catch::Contains("INC-4"));
  CHECK_THAT(refusal_of(signals::decode_generic("[1,2]", kOptions)),
             Catch::Contains("not a JSON object"));
  CHECK_THAT(
      refusal_of(signals::decode_alert_group("alertmanager", R"({"status":"firing"})", kOptions)),
      Catch::Contains("alerts"));
  CHECK_THAT(refusal_of(signals::decode_pagerduty(R"({"messages": []})")),
             Catch::Contains("event"));
}

TEST_CASE("auto_declare matchers choose the alerts that declare, severity_labels their severity",
          "[signals]") {
  signals::DecodeOptions options = kOptions;
  options.severity_labels = {{"critical", "P1"}, {"warning", "P3"}};
  options.auto_declare = {*signals::parse_label_matcher("severity=critical"),
                          *signals::parse_label_matcher("instance!=checkout-2:8080")};
  const auto alerts = signals_of(signals::decode_alert_group(
      "alertmanager", sample("alertmanager-webhook-firing.json"), options));
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].severity == core::Severity::p1);
  CHECK(alerts[0].declares);
  CHECK(alerts[0].title == "HighErrorRate: 5xx rate above 1/s on checkout-1:8080");
  CHECK_FALSE(alerts[1].declares);  // instance!=checkout-2:8080
  // Nothing declares without matchers.
  const auto plain = signals_of(signals::decode_alert_group(
      "alertmanager", sample("alertmanager-webhook-firing.json"), kOptions));
  CHECK_FALSE(plain[0].declares);
  CHECK_FALSE(signals::parse_label_matcher("severity"));
  CHECK_FALSE(signals::parse_label_matcher("=critical"));
  CHECK(signals::parse_label_matcher("team!=sandbox")->equal == false);
}
