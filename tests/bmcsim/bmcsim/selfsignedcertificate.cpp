#include "bmcsim/selfsignedcertificate.h"

#include <QHostAddress>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace bmcsim {

namespace {

template <auto Free> struct Deleter {
    template <typename T> void operator()(T *p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

bool addExtension(X509 *cert, int nid, const QByteArray &value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.constData()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

QByteArray subjectAltNames(const QStringList &hosts) {
    QByteArrayList entries;
    for (QString host : hosts) {
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        const bool isIp = !QHostAddress(host).isNull();
        entries << (isIp ? "IP:" : "DNS:") + host.toLatin1();
    }
    return entries.join(',');
}

QByteArray toPem(auto write) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, size);
}

} // namespace

pc::Expected<TlsIdentity, QString> SelfSignedCertificate::generate(const QStringList &hosts) {
    if (hosts.isEmpty())
        return pc::unexpected(u"no host name for the certificate"_s);
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    X509Ptr cert(X509_new());
    if (!key || !cert)
        return pc::unexpected(u"OpenSSL could not create a key"_s);

    BnPtr serial(BN_new());
    bool ok = serial && BN_rand(serial.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
              BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr;
    ok = ok && X509_set_version(cert.get(), 2) == 1;
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr;
    ok = ok && X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600) != nullptr;
    ok = ok && X509_set_pubkey(cert.get(), key.get()) == 1;

    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = hosts.first().toLatin1();
    ok = ok &&
         X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                    reinterpret_cast<const unsigned char *>("bmcsim"), -1, -1,
                                    0) == 1 &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                    reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1,
                                    0) == 1 &&
         X509_set_issuer_name(cert.get(), name) == 1;
    ok = ok && addExtension(cert.get(), NID_subject_alt_name, subjectAltNames(hosts));
    ok = ok && addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    ok = ok && addExtension(cert.get(), NID_ext_key_usage, "serverAuth");
    ok = ok && X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
    if (!ok)
        return pc::unexpected(u"OpenSSL could not build the certificate"_s);

    const QByteArray certPem = toPem([&](BIO *b) { return PEM_write_bio_X509(b, cert.get()); });
    const QByteArray keyPem = toPem([&](BIO *b) {
        return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    TlsIdentity id{QSslCertificate(certPem, QSsl::Pem), QSslKey(keyPem, QSsl::Ec, QSsl::Pem)};
    if (id.certificate.isNull() || id.key.isNull())
        return pc::unexpected(u"Qt could not read the generated certificate"_s);
    return id;
}

} // namespace bmcsim
