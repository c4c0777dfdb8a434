// Throwaway TLS material made at test time (OpenSSL 3 C API, EC P-256): a test
// CA, a server certificate for 127.0.0.1/localhost signed by it, and one whose
// name does not match. Nothing is checked in, nothing expires mid-run.
#pragma once

#include <filesystem>
#include <string>

namespace scribe::test {

// A certificate with its private key, as PEM text and as files.
struct TlsIdentity {
  std::string cert_pem;  // leaf certificate
  std::string key_pem;   // its private key (PKCS#8)
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
};

struct TestPki {
  std::filesystem::path dir;  // where the PEM files are; removed at process exit
  std::string ca_cert_pem;    // "Scribe Test CA": pass ca_file to trust it
  std::filesystem::path ca_cert_file;
  // SAN IP:127.0.0.1, DNS:localhost - accepted when the client trusts the CA.
  TlsIdentity server;
  // Signed by the same CA, but SAN DNS:wrong.example only - a client dialing
  // 127.0.0.1 or localhost must refuse it.
  TlsIdentity wrong_host;
  // SAN IP:127.0.0.1, DNS:localhost, but signed by a second CA nobody trusts.
  TlsIdentity untrusted;
};

// Made once per test process (key generation is the slow part) and shared.
const TestPki& test_pki();

}  // namespace scribe::test
