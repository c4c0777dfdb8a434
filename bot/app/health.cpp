#include "bot/app/health.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "bot/app/json_text.hpp"

namespace scribe::app {

HealthReport& HealthReport::add(std::string name, bool ok, std::string detail) {
  return add(HealthCheck{std::move(name), ok, std::move(detail)});
}

HealthReport& HealthReport::add(HealthCheck check) {
  checks_.push_back(std::move(check));
  return *this;
}

bool HealthReport::ok() const {
  if (checks_.empty()) return false;
  for (const auto& c : checks_)
    if (!c.ok) return false;
  return true;
}

int HealthReport::status_code() const {
  return ok() ? 200 : 503;
}

std::string HealthReport::reason() const {
  if (checks_.empty()) return "no health checks registered";
  std::string out;
  for (const auto& c : checks_) {
    if (c.ok) continue;
    if (!out.empty()) out += "; ";
    out += c.name;
    if (!c.detail.empty()) out += ": " + c.detail;
  }
  return out;
}

std::string HealthReport::json() const {
  std::string out = "{\"status\":";
  out += ok() ? "\"ok\"" : "\"unavailable\"";
  if (!ok()) {
    out += ",\"reason\":";
    append_json_string(out, reason());
  }
  out += ",\"checks\":[";
  for (std::size_t i = 0; i < checks_.size(); ++i) {
    const auto& c = checks_[i];
    if (i > 0) out += ',';
    out += "{\"name\":";
    append_json_string(out, c.name);
    out += ",\"ok\":";
    out += c.ok ? "true" : "false";
    out += ",\"detail\":";
    append_json_string(out, c.detail);
    out += '}';
  }
  out += "]}";
  return out;
}

HealthCheck storage_health(const std::string& data_dir, const std::string& database_path) {
  auto failed = [](const std::string& what) {
    return what + ": " + std::generic_category().message(errno);
  };
  if (::access(data_dir.c_str(), W_OK | X_OK) != 0)
    return {"storage", false, failed("data_dir " + data_dir + " is not writable")};
  if (::access(database_path.c_str(), F_OK) == 0 && ::access(database_path.c_str(), W_OK) != 0)
    return {"storage", false, failed("database " + database_path + " is not writable")};
  return {"storage", true, "writable"};
}

}  // namespace scribe::app
