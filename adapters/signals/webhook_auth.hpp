// The credentials a webhook shows: a bearer token (Alertmanager, Grafana,
// generic) or an HMAC-SHA256 signature of the raw body (PagerDuty v3, GitHub).
// Every comparison takes the same time whatever matches, so a caller cannot
// find the secret a byte at a time.
#pragma once

#include <string>
#include <string_view>

namespace scribe::signals {

// `Authorization: Bearer <token>` (scheme without case). False when `token` is empty.
bool bearer_matches(std::string_view authorization, std::string_view token);

// PagerDuty `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>...]`: any v1 entry (one
// per active secret during rotation) is the body's HMAC; other versions are ignored.
bool pagerduty_signature_matches(std::string_view header, std::string_view body,
                                 std::string_view secret);

// `sha256=<hex HMAC-SHA256 of the body>`: GitHub's X-Hub-Signature-256, and Jira's
// X-Hub-Signature on admin webhooks saved with a secret.
bool hub_signature_matches(std::string_view header, std::string_view body,
                              std::string_view secret);

}  // namespace scribe::signals
