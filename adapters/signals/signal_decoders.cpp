#include "adapters/signals/signal_decoders.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "adapters/net/digest.hpp"
#include "adapters/net/json_fields.hpp"
#include "bot/core/command.hpp"
#include "bot/core/text.hpp"
#include "bot/core/time.hpp"

namespace scribe::signals {
namespace {

namespace json = boost::json;
using core::Signal;
using core::SignalKind;
using net::json::str;

// A service as incidents name it: one lowercase word ("API Service" -> "api-service").
std::string service_word(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != '-') out += '-';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

void add_service(std::vector<std::string>& services, std::string_view name) {
  const std::string word = service_word(name);
  if (!word.empty() && std::find(services.begin(), services.end(), word) == services.end())
    services.push_back(word);
}

std::variant<json::value, std::string> parse(std::string_view body) {
  auto v = net::json::parse_object(body);
  if (!v) return std::string("the body is not a JSON object");
  return std::move(*v);
}

std::optional<core::Instant> time_of(const json::value& v, std::string_view key) {
  return core::parse_iso8601(str(v, key));
}

bool matches(const std::vector<LabelMatcher>& matchers, const json::value& labels) {
  if (matchers.empty()) return false;
  for (const auto& m : matchers)
    if ((str(labels, m.label) == m.value) != m.equal) return false;
  return true;
}

// Alertmanager writes a firing alert's end as year 1 ("0001-01-01T00:00:00Z").
bool real_time(const std::optional<core::Instant>& t) {
  return t && core::to_epoch_ms(*t) > 0;
}

}  // namespace

Decoded decode_alert_group(std::string_view source, std::string_view body,
                           const DecodeOptions& options) {
  auto parsed = parse(body);
  if (auto* why = std::get_if<std::string>(&parsed)) return *why;
  const json::value& root = std::get<json::value>(parsed);
  const auto* alerts = net::json::array_at(root.get_object(), "alerts");
  if (!alerts) return std::string("no `alerts` array: not an Alertmanager webhook payload");
  std::vector<Signal> out;
  for (std::size_t i = 0; i < alerts->size(); ++i) {
    const json::value& alert = (*alerts)[i];
    const std::string n = "alert " + std::to_string(i + 1);
    if (!alert.is_object()) return n + " is not an object";
    const std::string status = str(alert, "status");
    if (status != "firing" && status != "resolved")
      return n + ": status must be firing or resolved";
    const auto starts = time_of(alert, "startsAt");
    if (!real_time(starts)) return n + ": startsAt is not a time";
    const json::value empty = json::object();
    const json::value* labels = net::json::object(alert, "labels");
    const json::value* annotations = net::json::object(alert, "annotations");
    if (!labels) labels = &empty;
    if (!annotations) annotations = &empty;

    Signal s;
    s.source = std::string(source);
    s.name = str(*labels, "alertname");
    // The fingerprint is the hash of the label set: stable across re-sends.
    std::string fingerprint = str(alert, "fingerprint");
    if (fingerprint.empty()) fingerprint = net::sha256_hex(json::serialize(*labels)).substr(0, 16);
    s.key = fingerprint + "@" + str(alert, "startsAt") + ":" + status;
    for (const auto& label : options.service_labels)
      if (const std::string value = str(*labels, label); !value.empty())
        add_service(s.services, value);
    std::string summary = str(*annotations, "summary");
    if (summary.empty()) summary = str(*annotations, "description");
    const std::string name = s.name.empty() ? std::string("alert") : s.name;
    if (const auto it = options.severity_labels.find(str(*labels, "severity"));
        it != options.severity_labels.end())
      s.severity = core::parse_severity(it->second);
    if (status == "firing") {
      s.kind = SignalKind::alert;
      s.at = *starts;
      s.text = name + " firing" + (summary.empty() ? "" : ": " + summary);
      s.declares = matches(options.auto_declare, *labels);
      s.title = name + (summary.empty() ? "" : ": " + summary);
    } else {
      s.kind = SignalKind::alert_resolved;
      const auto ends = time_of(alert, "endsAt");
      s.at = real_time(ends) ? *ends : options.received_at;
      s.text = name + " resolved" + (summary.empty() ? "" : ": " + summary);
    }
    out.push_back(std::move(s));
  }
  return out;
}

Decoded decode_pagerduty(std::string_view body) {
  auto parsed = parse(body);
  if (auto* why = std::get_if<std::string>(&parsed)) return *why;
  const json::value* event = net::json::object(std::get<json::value>(parsed), "event");
  if (!event) return std::string("no `event` object: not a PagerDuty v3 webhook");
  const std::string id = str(*event, "id");
  const std::string type = str(*event, "event_type");
  if (id.empty() || type.empty()) return std::string("event.id or event.event_type is missing");
  const auto occurred = time_of(*event, "occurred_at");
  if (!occurred) return std::string("event.occurred_at is not a time");
  const json::value* data = net::json::object(*event, "data");
  const json::value empty = json::object();
  if (!data) data = &empty;

  Signal s;
  s.source = "pagerduty";
  s.key = id;
  s.at = *occurred;
  s.name = str(*data, "title");
  if (const json::value* service = net::json::object(*data, "service"))
    add_service(s.services, str(*service, "summary"));
  std::string who;
  if (const json::value* agent = net::json::object(*event, "agent")) who = str(*agent, "summary");
  const std::int64_t number = net::json::integer(*data, "number");
  const std::string page =
      "PagerDuty " + (number > 0 ? "#" + std::to_string(number) + " " : std::string());
  const std::string what = type.starts_with("incident.") ? type.substr(9) : type;
  // Every other incident event (priority_updated, reassigned, ...) is a note.
  constexpr std::pair<std::string_view, SignalKind> kPageKinds[] = {
      {"incident.triggered", SignalKind::page},
      {"incident.acknowledged", SignalKind::acknowledged},
      {"incident.resolved", SignalKind::page_resolved}};
  s.kind = SignalKind::note;
  for (const auto& [name, kind] : kPageKinds)
    if (type == name) s.kind = kind;
  s.text = page + what + (s.name.empty() ? "" : ": " + s.name);
  if (s.kind == SignalKind::acknowledged && !who.empty()) s.text += " (by " + who + ")";
  return std::vector<Signal>{std::move(s)};
}

Decoded decode_github(std::string_view event, std::string_view delivery, std::string_view body) {
  auto parsed = parse(body);
  if (auto* why = std::get_if<std::string>(&parsed)) return *why;
  const json::value& root = std::get<json::value>(parsed);
  // Only deploys are signals; `issues` belongs to the trackers, `ping` to nobody.
  if (event != "deployment_status") return std::vector<Signal>{};
  const json::value* status = net::json::object(root, "deployment_status");
  if (!status) return std::string("no `deployment_status` object");
  const std::string state = str(*status, "state");
  const bool succeeded = state == "success";
  if (!succeeded && state != "failure" && state != "error") return std::vector<Signal>{};
  const json::value empty = json::object();
  const json::value* deployment = net::json::object(root, "deployment");
  if (!deployment) deployment = &empty;

  Signal s;
  s.source = "github";
  s.key = delivery.empty()
              ? "deployment_status:" + std::to_string(net::json::integer(*status, "id"))
              : std::string(delivery);
  auto at = time_of(*status, "updated_at");
  if (!at) at = time_of(*status, "created_at");
  if (!at) return std::string("deployment_status.created_at is not a time");
  s.at = *at;
  std::string environment = str(*status, "environment");
  if (environment.empty()) environment = str(*deployment, "environment");
  if (const json::value* repository = net::json::object(root, "repository"))
    add_service(s.services, str(*repository, "name"));
  add_service(s.services, environment);
  s.name = environment.empty() ? "deploy" : environment;
  std::string what = str(*deployment, "ref");
  const std::string sha = str(*deployment, "sha");
  if (!sha.empty()) what += (what.empty() ? "" : " ") + ("(" + sha.substr(0, 7) + ")");
  s.text = "Deploy" + (what.empty() ? "" : " of " + what) +
           (environment.empty() ? "" : " to " + environment) +
           (succeeded ? " succeeded" : " failed (" + state + ")");
  s.kind = succeeded ? SignalKind::deploy : SignalKind::note;
  return std::vector<Signal>{std::move(s)};
}

Decoded decode_generic(std::string_view body, const DecodeOptions& options) {
  auto parsed = parse(body);
  if (auto* why = std::get_if<std::string>(&parsed)) return *why;
  const json::value& root = std::get<json::value>(parsed);
  Signal s;
  s.source = "generic";
  s.text = str(root, "text");
  if (s.text.empty()) return std::string("`text` is missing: say what happened");
  // The contract's five kinds; `resolved` is an alert's resolution.
  const std::string kind = core::ascii_lower(str(root, "kind"));
  constexpr std::string_view kKinds[] = {"deploy", "change", "alert", "resolved", "note"};
  if (!kind.empty() && std::find(std::begin(kKinds), std::end(kKinds), kind) == std::end(kKinds))
    return "`kind` must be deploy, change, alert, resolved or note, not `" + kind + "`";
  s.kind = kind == "resolved" ? SignalKind::alert_resolved
                              : core::parse_signal_kind(kind.empty() ? "note" : kind).value();
  s.name = kind.empty() ? "note" : kind;
  if (const auto* at = root.get_object().if_contains("at")) {
    const auto* text = at->if_string();
    const auto parsed_at = text ? core::parse_iso8601(*text) : std::nullopt;
    if (!parsed_at) return std::string("`at` must be an ISO-8601 time like 2026-03-12T14:12:00Z");
    s.at = *parsed_at;
  } else {
    s.at = options.received_at;
  }
  add_service(s.services, str(root, "service"));
  if (const auto* services = net::json::array_at(root.get_object(), "services"))
    for (const auto& service : *services)
      if (const auto* name = service.if_string()) add_service(s.services, *name);
  if (const std::string incident = str(root, "incident"); !incident.empty()) {
    s.incident = core::parse_incident_ref(incident);
    if (!s.incident) return "`incident` must name one like INC-4, not `" + incident + "`";
  }
  // Without an id, the same body sent twice is the same signal.
  s.key = str(root, "id");
  if (s.key.empty()) s.key = "sha256:" + net::sha256_hex(body);
  return std::vector<Signal>{std::move(s)};
}

}  // namespace scribe::signals
