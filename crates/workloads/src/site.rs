//! Where the site is: the local server that stands in for the internet.
//!
//! Programs take `--url`, else `SITE_URL`, else [`DEFAULT_URL`]. Only plain HTTP on a loopback
//! address is accepted: nothing in this project reaches past the machine it runs on.

use anyhow::{Context, bail};
use std::fmt;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::str::FromStr;
use std::time::Duration;

/// The port the site listens on when started without `--port`.
pub const DEFAULT_PORT: u16 = 8787;

/// Where programs look for the site when neither `--url` nor `SITE_URL` says.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8787";

/// The site's latency unless told, in milliseconds: a remote site's round trip, the one every
/// figure of `results/` was measured at (the site's and the bench's `--latency-ms` default).
pub const DEFAULT_LATENCY_MS: u64 = 50;

/// The path the site answers `ok` on as soon as it accepts connections.
pub const HEALTH_PATH: &str = "/health";

/// How long [`SiteUrl::ensure_up`] waits for a connection: a loopback connect is immediate,
/// so anything slower means nothing is listening.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// How to start the site, for error messages.
pub const START_HINT: &str = "start it with `make site` or `cargo run --release -p site`";

/// The base address of a running site: `http://` and a loopback host and port, no path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteUrl {
    /// `host:port`, as written: what goes in the `Host` header and what a TCP client dials.
    authority: String,
}

impl SiteUrl {
    /// `host:port`, to dial and to send as `Host`.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// The full URL of a path on the site (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.authority)
    }

    /// The socket addresses the authority resolves to (all loopback, as parsing checked).
    pub fn socket_addrs(&self) -> anyhow::Result<Vec<SocketAddr>> {
        let addrs: Vec<SocketAddr> = self
            .authority
            .to_socket_addrs()
            .with_context(|| format!("cannot resolve {}", self.authority))?
            .collect();
        if let Some(outside) = addrs.iter().find(|addr| !addr.ip().is_loopback()) {
            bail!(
                "{} resolves to {outside}, which is not loopback",
                self.authority
            );
        }
        Ok(addrs)
    }

    /// Fails within [`CONNECT_TIMEOUT`], with a line saying how to start the site, when no
    /// site is listening. Programs call it first so that a missing site is one clear error.
    pub fn ensure_up(&self) -> anyhow::Result<()> {
        let mut last_error = None;
        for addr in self.socket_addrs()? {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(_) => return Ok(()),
                Err(error) => last_error = Some(error),
            }
        }
        let cause = last_error.map_or_else(|| "no address".to_string(), |e| e.to_string());
        bail!("no site answers at {self} ({cause}); {START_HINT}")
    }
}

impl fmt::Display for SiteUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "http://{}", self.authority)
    }
}

impl FromStr for SiteUrl {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> anyhow::Result<Self> {
        let uri: http::Uri = text
            .parse()
            .with_context(|| format!("{text:?} is not a URL"))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some("https") => bail!("{text}: plain http only, the site has no TLS"),
            _ => bail!("{text}: expected http://host:port"),
        }
        let authority = uri.authority().context("expected http://host:port")?;
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            bail!("{text}: expected the site's base URL, with no path");
        }
        // A user name would shift where the port is read from (and the site takes none).
        if authority.as_str().contains('@') {
            bail!("{text}: no user name or password: the site takes none");
        }
        let host = authority.host();
        let loopback = host == "localhost"
            || host
                .trim_matches(['[', ']'])
                .parse::<IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            bail!("{text}: the site runs on loopback (127.0.0.1 or localhost), not {host}");
        }
        // `http` reads a port past 65535 as no port at all, which would mean port 80: read the
        // digits after the host ourselves.
        let port = match authority.as_str()[host.len()..].strip_prefix(':') {
            None | Some("") => 80,
            Some(port) => match port.parse::<u16>() {
                Ok(port) if port > 0 => port,
                _ => bail!("{text}: port {port} is out of range (1 to 65535)"),
            },
        };
        Ok(Self {
            authority: format!("{host}:{port}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_user_name_rather_than_losing_the_port() {
        for text in ["http://user@127.0.0.1:9000", "http://u:p@localhost:9000/"] {
            let error = text.parse::<SiteUrl>().expect_err(text).to_string();
            assert!(error.contains("no user name"), "{text}: {error}");
        }
    }

    #[test]
    fn takes_loopback_http_urls() {
        let site: SiteUrl = "http://127.0.0.1:9000/".parse().unwrap();
        assert_eq!(site.authority(), "127.0.0.1:9000");
        assert_eq!(site.url("/dice"), "http://127.0.0.1:9000/dice");
        assert_eq!(site.to_string(), "http://127.0.0.1:9000");
        let default: SiteUrl = DEFAULT_URL.parse().unwrap();
        assert_eq!(default.to_string(), DEFAULT_URL);
        let v6: SiteUrl = "http://[::1]:80".parse().unwrap();
        assert_eq!(v6.authority(), "[::1]:80");
        let named: SiteUrl = "http://localhost".parse().unwrap();
        assert_eq!(named.authority(), "localhost:80");
    }

    #[test]
    fn refuses_what_is_not_the_local_site() {
        for bad in [
            "https://127.0.0.1:8787",
            "ftp://127.0.0.1",
            "http://example.com:8787",
            "http://10.0.0.1:8787",
            "http://127.0.0.1:8787/jython",
            "http://127.0.0.1:99999",
            "http://127.0.0.1:65536",
            "127.0.0.1:8787",
            "not a url",
        ] {
            assert!(bad.parse::<SiteUrl>().is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn a_closed_port_is_one_clear_error() {
        // Bind, note the port, close: nothing listens there afterwards.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let site: SiteUrl = format!("http://127.0.0.1:{port}").parse().unwrap();
        let message = format!("{:#}", site.ensure_up().unwrap_err());
        assert!(message.contains("no site answers"), "{message}");
        assert!(message.contains("cargo run --release -p site"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }
}
