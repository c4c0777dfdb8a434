// Credentials, against the senders' own test vectors.
#include "adapters/signals/webhook_auth.hpp"

#include "adapters/net/digest.hpp"

#include <catch2/catch.hpp>

#include "tests/support/process.hpp"

using namespace scribe::signals;

namespace {

// SECRET:, BODY: and the expected headers of the PagerDuty vector file.
std::string vector_line(const std::string& text, const std::string& label) {
  const auto at = text.find(label);
  REQUIRE(at != std::string::npos);
  auto start = text.find('\n', at) + 1;
  return text.substr(start, text.find('\n', start) - start);
}

}  // namespace

TEST_CASE("PagerDuty signatures: the official vector, a mismatch, rotation", "[signals]") {
  const std::string file =
      scribe::test::read_file(std::string(SCRIBE_FIXTURES_DIR) +
                              "/protocol/signals/pagerduty-v3-signature-test-vector.txt");
  const std::string secret = vector_line(file, "SECRET:");
  const std::string body = vector_line(file, "BODY:");
  const std::string valid = vector_line(file, "EXPECTED (valid):").substr(23);
  const std::string mismatch = vector_line(file, "EXPECTED (mismatch").substr(23);
  REQUIRE(valid.starts_with("v1="));
  CHECK(pagerduty_signature_matches(valid, body, secret));
  CHECK_FALSE(pagerduty_signature_matches(mismatch, body, secret));
  CHECK(pagerduty_signature_matches(mismatch + "," + valid, body, secret));  // rotation
  CHECK_FALSE(pagerduty_signature_matches(valid, body + " ", secret));       // one byte more
  CHECK_FALSE(pagerduty_signature_matches(valid, body, secret + "x"));
  CHECK_FALSE(pagerduty_signature_matches("v0=" + valid.substr(3), body, secret));
  CHECK_FALSE(pagerduty_signature_matches("", body, secret));
  CHECK_FALSE(pagerduty_signature_matches(valid, body, ""));
}

TEST_CASE("GitHub X-Hub-Signature-256: the docs' vector", "[signals]") {
  const std::string secret = "It's a Secret to Everybody";
  CHECK(scribe::net::hmac_sha256_hex(secret, "Hello, World!") ==
        "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  CHECK(hub_signature_matches(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "Hello, World!",
      secret));
  CHECK_FALSE(hub_signature_matches(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18", "Hello, World!",
      secret));
  CHECK_FALSE(hub_signature_matches("sha1=7d38cdd689735b008b3c702edd92eea23791c5f6",
                                       "Hello, World!", secret));
}

TEST_CASE("bearer tokens: the scheme without case, nothing without a token", "[signals]") {
  CHECK(bearer_matches("Bearer example-shared-secret", "example-shared-secret"));
  CHECK(bearer_matches("bearer   example-shared-secret ", "example-shared-secret"));
  CHECK_FALSE(bearer_matches("Bearer example-shared-secre", "example-shared-secret"));
  CHECK_FALSE(bearer_matches("Basic ZXhhbXBsZQ==", "example-shared-secret"));
  CHECK_FALSE(bearer_matches("example-shared-secret", "example-shared-secret"));
  CHECK_FALSE(bearer_matches("Bearer ", ""));
}
