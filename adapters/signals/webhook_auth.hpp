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

// GitHub `X-Hub-Signature-256: sha256=<hex>`.
bool github_signature_matches(std::string_view header, std::string_view body,
                              std::string_view secret);

}  // namespace scribe::signals
