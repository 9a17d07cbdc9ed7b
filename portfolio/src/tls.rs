//! TLS for the server's own connections (PostgreSQL on another machine,
//! the desk's mail): the public certificate authorities plus a private one.

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use std::sync::Arc;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};

/// A client configuration trusting the public roots and those in `ca_file` (PEM; empty: none).
pub fn client_config(ca_file: &str) -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for cert in extra_roots(ca_file)? {
        roots
            .add(cert)
            .map_err(|e| format!("a certificate in {ca_file} is not usable: {e}"))?;
    }
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The certificates in `ca_file`, DER-encoded (none when the name is empty).
pub fn extra_roots(ca_file: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    if ca_file.is_empty() {
        return Ok(Vec::new());
    }
    let certs: Vec<_> = CertificateDer::pem_file_iter(ca_file)
        .map_err(|e| format!("cannot read the CA file {ca_file}: {e}"))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("the CA file {ca_file} is not PEM: {e}"))?;
    if certs.is_empty() {
        return Err(format!("the CA file {ca_file} holds no certificate"));
    }
    Ok(certs)
}
