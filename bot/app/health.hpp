// The GET /healthz answer: a list of named checks, healthy only when all pass.
//
//   200 {"status":"ok","checks":[{"name":"storage","ok":true,"detail":"writable"},...]}
//   503 {"status":"unavailable","reason":"slack: not connected","checks":[...]}
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace scribe::app {

struct HealthCheck {
  std::string name;  // "storage", "slack", "matrix"
  bool ok = false;
  std::string detail;  // "writable", "connected", "reconnecting: timeout"...
};

class HealthReport {
 public:
  HealthReport& add(std::string name, bool ok, std::string detail = {});
  HealthReport& add(HealthCheck check);

  const std::vector<HealthCheck>& checks() const { return checks_; }
  // True when every check passed (and there is at least one).
  bool ok() const;
  // 200 when ok(), 503 otherwise.
  int status_code() const;
  // The failing checks as "name: detail; name: detail"; empty when ok().
  std::string reason() const;
  std::string json() const;
  // {status_code(), json()}: what a StatusServer handler returns.
  std::pair<int, std::string> response() const { return {status_code(), json()}; }

 private:
  std::vector<HealthCheck> checks_;
};

// Whether Scribe can write its data: `data_dir` must be a writable directory
// and `database_path` (when it exists) a writable file. Only asks the file
// system (access(2)), so it is cheap and never waits on a database lock.
HealthCheck storage_health(const std::string& data_dir, const std::string& database_path);

}  // namespace scribe::app
