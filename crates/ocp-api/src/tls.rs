//! The one place a `reqwest` HTTP client is made, so that rustls has its crypto provider.
//!
//! reqwest is built with `rustls-no-provider`: its `rustls` feature would pull in aws-lc-rs,
//! whose C library dominated a clean build. ring is installed as the process-wide rustls
//! provider before any client exists. Certificate verification is reqwest's usual one (the
//! operating system's verifier, plus any extra CA the caller adds).

/// Installs ring as rustls' process-wide crypto provider, once; later calls do nothing.
/// A provider some other part of the program installed first is kept.
pub fn ensure_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Err means another provider is already installed, which serves as well.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A `reqwest::ClientBuilder` that can build: use it instead of `reqwest::Client::builder()`.
pub fn client_builder() -> reqwest::ClientBuilder {
    ensure_crypto_provider();
    reqwest::ClientBuilder::new()
}

/// A default `reqwest::Client`: use it instead of `reqwest::Client::new()`.
pub fn client() -> reqwest::Client {
    client_builder()
        .build()
        .expect("a default HTTP client always builds once a crypto provider is installed")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_client_builds_and_ring_is_the_provider() {
        let _client = super::client();
        let provider = rustls::crypto::CryptoProvider::get_default().expect("installed");
        // ring's suites include TLS 1.3 AES-128-GCM; the check is that *a* provider is present
        // and that it is the one this module installs (aws-lc-rs is not compiled in at all).
        assert!(!provider.cipher_suites.is_empty());
        assert_eq!(
            provider.cipher_suites.len(),
            rustls::crypto::ring::default_provider().cipher_suites.len()
        );
    }
}
