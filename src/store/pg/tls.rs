//! TLS as libpq's `sslmode` asks for it, with rustls (the `ring` provider builds without
//! OpenSSL's headers).
//!
//! - `disable`, `allow`, `prefer`, `require`: the connection is encrypted when the server
//!   offers it (`require`: must be), and, as libpq does in these modes, the server's
//!   certificate is not checked against an authority: encrypted against eavesdroppers, not
//!   authenticated ([`EncryptOnly`]).
//! - `verify-ca`: the server's certificate must be signed by an authority of the root
//!   file (`sslrootcert`, `PGSSLROOTCERT`, else `~/.postgresql/root.crt`, as libpq);
//!   `verify-full` also that it names the host connected to. Without a readable root file
//!   these modes refuse to connect rather than quietly checking less.
//!
//! The client library knows only `disable`, `prefer` and `require`; the `verify-*` modes
//! are read here and connect as `require` plus the check.

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How far the server's certificate is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verify {
    /// Not at all (`disable` … `require`).
    Nothing,
    /// Signed by an authority of the root file (`verify-ca`).
    Authority(PathBuf),
    /// That, and it names the host (`verify-full`).
    AuthorityAndHost(PathBuf),
}

/// Why TLS could not be set up; the text is the operator's to read (no credential in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsError(pub String);

impl std::fmt::Display for TlsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The root file libpq reads when none is named: `~/.postgresql/root.crt`.
pub fn default_root(home: Option<&str>) -> PathBuf {
    home.map(|h| Path::new(h).join(".postgresql").join("root.crt")).unwrap_or_else(|| PathBuf::from("root.crt"))
}

/// The connector for `verify`.
pub fn connector(verify: &Verify) -> Result<MakeRustlsConnect, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError(e.to_string()))?;
    let config = match verify {
        Verify::Nothing => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider.signature_verification_algorithms)))
            .with_no_client_auth(),
        Verify::Authority(root) | Verify::AuthorityAndHost(root) => {
            let full = authority(root, &provider)?;
            let verifier: Arc<dyn ServerCertVerifier> =
                if matches!(verify, Verify::AuthorityAndHost(_)) { full } else { Arc::new(AnyName(full)) };
            builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth()
        }
    };
    Ok(MakeRustlsConnect::new(config))
}

/// rustls's own verifier (chain, validity, and the name) with the root file's authorities.
fn authority(root: &Path, provider: &Arc<CryptoProvider>) -> Result<Arc<WebPkiServerVerifier>, TlsError> {
    let shown = root.display();
    let certs = CertificateDer::pem_file_iter(root)
        .map_err(|e| TlsError(format!("cannot read the root certificate file {shown}: {e}")))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TlsError(format!("the root certificate file {shown} is not PEM: {e}")))?;
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(TlsError(format!("the root certificate file {shown} holds no certificate")));
    }
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| TlsError(e.to_string()))
}

/// Accepts any server certificate, as libpq does in `prefer` and `require` mode, but still
/// checks the handshake's signatures, so the key exchange is with whoever holds the
/// certificate's key.
#[derive(Debug)]
struct EncryptOnly(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// `verify-ca`: everything rustls checks but the name (libpq's meaning of the mode).
#[derive(Debug)]
struct AnyName(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
