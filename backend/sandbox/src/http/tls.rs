//! HTTPS: a self-signed CA generated at start, a server certificate it signs, and the
//! accept loop that serves the router over TLS (HTTP/1.1 and HTTP/2) or plain HTTP.
//! client-go (hence kubectl) never sends a bearer token over plain HTTP, so the standalone
//! sandbox always serves HTTPS.

use std::net::IpAddr;
use std::sync::Arc;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;

use crate::error::Error;

/// A server certificate and key, and the PEM of the CA that signed it (for kubeconfigs).
#[derive(Clone)]
pub struct TlsIdentity {
    /// The CA certificate, PEM, to put in `certificate-authority-data`.
    pub ca_pem: String,
    cert: CertificateDer<'static>,
    key: Arc<PrivateKeyDer<'static>>,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity").finish_non_exhaustive()
    }
}

fn tls_err(e: impl std::fmt::Display) -> Error {
    Error::Tls(e.to_string())
}

impl TlsIdentity {
    /// Generates a CA and a server certificate for `hosts` (DNS names or IP addresses;
    /// `localhost` and `127.0.0.1` are always included).
    pub fn generate(hosts: &[String]) -> Result<Self, Error> {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(tls_err)?;
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "jobconsole-sandbox-ca");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key = KeyPair::generate().map_err(tls_err)?;
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).map_err(tls_err)?;

        let mut names: Vec<String> = vec![
            "localhost".into(),
            "127.0.0.1".into(),
            "::1".into(),
            "kubernetes".into(),
            "kubernetes.default.svc".into(),
        ];
        for h in hosts {
            if !names.contains(h) {
                names.push(h.clone());
            }
        }
        let mut params = CertificateParams::new(
            names
                .iter()
                .filter(|n| n.parse::<IpAddr>().is_err())
                .cloned()
                .collect::<Vec<_>>(),
        )
        .map_err(tls_err)?;
        for ip in names.iter().filter_map(|n| n.parse::<IpAddr>().ok()) {
            params.subject_alt_names.push(rcgen::SanType::IpAddress(ip));
        }
        params
            .distinguished_name
            .push(DnType::CommonName, "kube-apiserver");
        let key = KeyPair::generate().map_err(tls_err)?;
        let cert = params.signed_by(&key, &ca).map_err(tls_err)?;
        Ok(Self {
            ca_pem: ca.pem(),
            cert: cert.der().clone(),
            key: Arc::new(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
                key.serialize_der(),
            ))),
        })
    }

    fn server_config(&self) -> Result<rustls::ServerConfig, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(tls_err)?
            .with_no_client_auth()
            .with_single_cert(vec![self.cert.clone()], self.key.clone_key())
            .map_err(tls_err)?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }
}

/// Serves `router` on `listener`, over TLS when `tls` is given, until the task is dropped.
pub async fn serve(
    router: Router,
    listener: TcpListener,
    tls: Option<TlsIdentity>,
) -> Result<(), Error> {
    let acceptor = match &tls {
        Some(id) => Some(tokio_rustls::TlsAcceptor::from(Arc::new(
            id.server_config()?,
        ))),
        None => None,
    };
    loop {
        let (tcp, _) = match listener.accept().await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "sandbox accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = tcp.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let builder = Builder::new(TokioExecutor::new());
            let result = match acceptor {
                Some(acceptor) => match acceptor.accept(tcp).await {
                    Ok(stream) => {
                        builder
                            .serve_connection_with_upgrades(TokioIo::new(stream), service)
                            .await
                    }
                    Err(e) => {
                        tracing::debug!(error = %e, "TLS handshake failed");
                        return;
                    }
                },
                None => {
                    builder
                        .serve_connection_with_upgrades(TokioIo::new(tcp), service)
                        .await
                }
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "sandbox connection ended with an error");
            }
        });
    }
}
