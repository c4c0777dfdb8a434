// Test PKI with the OpenSSL 3 C API: EC P-256 keys (EVP_PKEY_Q_keygen), X.509 v3
// certificates with the extensions a verifying client looks at.
#include "tests/support/test_tls.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>
#include <stdexcept>

#include "tests/support/temp_dir.hpp"

namespace scribe::test {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test TLS: ") + what + " failed");
}

Key make_key() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  check(key != nullptr, "EVP_PKEY_Q_keygen");
  return key;
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
  check(ext != nullptr, "X509V3_EXT_conf_nid");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A CA when `san` is null, else a server leaf for `san`. Self-signed when no
// issuer is given.
Cert make_cert(EVP_PKEY* key, const char* common_name, const char* san, X509* issuer,
               EVP_PKEY* issuer_key) {
  static long serial = 1;
  Cert cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509* x = cert.get();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 7 * 24 * 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Scribe tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : x, x, nullptr, nullptr, 0);
  add_extension(x, &ctx, NID_subject_key_identifier, "hash");
  add_extension(x, &ctx, NID_authority_key_identifier, "keyid:always");
  if (san == nullptr) {
    add_extension(x, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(x, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(x, &ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(x, &ctx, NID_ext_key_usage, "serverAuth");
    add_extension(x, &ctx, NID_subject_alt_name, san);
  }
  check(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

template <class Write>
std::string to_pem(Write write) {
  std::unique_ptr<BIO, Free> bio(BIO_new(BIO_s_mem()));
  check(bio && write(bio.get()) == 1, "PEM write");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string cert_pem(X509* cert) {
  return to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
}

std::string key_pem(EVP_PKEY* key) {
  return to_pem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

std::filesystem::path write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  check(static_cast<bool>(out), "writing a PEM file");
  return path;
}

TlsIdentity leaf(const std::filesystem::path& dir, const char* name, const char* san, X509* ca,
                 EVP_PKEY* ca_key) {
  Key key = make_key();
  Cert cert = make_cert(key.get(), name, san, ca, ca_key);
  TlsIdentity id;
  id.cert_pem = cert_pem(cert.get());
  id.key_pem = key_pem(key.get());
  id.cert_file = write_file(dir / (std::string(name) + ".crt"), id.cert_pem);
  id.key_file = write_file(dir / (std::string(name) + ".key"), id.key_pem);
  return id;
}

struct Holder {
  TempDir dir;  // removed when the process exits
  TestPki pki;

  Holder() {
    pki.dir = dir.path();
    Key ca_key = make_key();
    Cert ca = make_cert(ca_key.get(), "Scribe Test CA", nullptr, nullptr, nullptr);
    pki.ca_cert_pem = cert_pem(ca.get());
    pki.ca_cert_file = write_file(dir / "ca.crt", pki.ca_cert_pem);
    pki.server = leaf(dir.path(), "server", "IP:127.0.0.1,DNS:localhost", ca.get(), ca_key.get());
    pki.wrong_host = leaf(dir.path(), "wrong-host", "DNS:wrong.example", ca.get(), ca_key.get());
    Key other_key = make_key();
    Cert other = make_cert(other_key.get(), "Untrusted Test CA", nullptr, nullptr, nullptr);
    pki.untrusted =
        leaf(dir.path(), "untrusted", "IP:127.0.0.1,DNS:localhost", other.get(), other_key.get());
  }
};

}  // namespace

const TestPki& test_pki() {
  static const Holder holder;  // thread-safe one-time init
  return holder.pki;
}

}  // namespace scribe::test
