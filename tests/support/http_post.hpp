// One HTTP request to a server on 127.0.0.1, as a webhook sender makes it:
// for the signals listener's tests and the integration tests of `scribe run`.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace scribe::test {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string allow;  // the Allow header
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// Sends `body` (Content-Type application/json) and reads the answer; throws
// on a connection error. Every step has a 10-second deadline.
HttpAnswer http_post(unsigned short port, const std::string& target, const std::string& body,
                     const Headers& headers = {}, const std::string& method = "POST");

// A TCP port on 127.0.0.1 that was free a moment ago (bound to 0, then closed):
// for a program the test starts that needs its port before it runs.
unsigned short free_loopback_port();

}  // namespace scribe::test
