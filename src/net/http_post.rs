//! One HTTP/1.1 POST over TLS (rustls with the web's root certificates) or
//! plain TCP, `Connection: close`, with a deadline. Small on purpose: the
//! wall posts JSON to two kinds of server and needs nothing more.

use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Where to post: parsed from an `https://` or `http://` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub path: String,
}

/// The server's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// A header's value (the name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Said of a reply longer than a wall reads.
pub const TOO_LONG: &str = "the reply is longer than this wall reads";

/// The most of a reply that is read (a status and a small JSON body); the
/// portfolio server keeps its replies under it.
const MAX_REPLY: usize = lockerwall_wire::MAX_REPLY_BYTES;

impl Endpoint {
    /// Parse `url`; `what` names it in the error ("the webhook URL").
    pub fn parse(url: &str, what: &str) -> Result<Endpoint, String> {
        let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = url.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(format!("{what} {url} must start with https:// or http://"));
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse()
                    .map_err(|_| format!("{what} {url} has a bad port"))?,
            ),
            None => (authority, if tls { 443 } else { 80 }),
        };
        if host.is_empty() {
            return Err(format!("{what} {url} has no host"));
        }
        Ok(Endpoint {
            tls,
            host: host.to_string(),
            port,
            path: path.to_string(),
        })
    }

    /// Whether the host is this machine (plain HTTP to it crosses no network).
    pub fn is_loopback(&self) -> bool {
        let h = self.host.trim_start_matches('[').trim_end_matches(']');
        h.eq_ignore_ascii_case("localhost")
            || h.parse::<std::net::IpAddr>().is_ok_and(|a| a.is_loopback())
    }

    /// Why this endpoint may not be used: plain HTTP to another machine,
    /// unless `plain_http` (a private network) says so.
    pub fn plain_http_problem(&self, plain_http: bool, what: &str) -> Option<String> {
        (!self.tls && !self.is_loopback() && !plain_http).then(|| {
            format!(
                "{what} is plain http:// to {}: what it carries could be read or changed on the way. Use https://, or set plain_http = true if the network between is private",
                self.host
            )
        })
    }

    /// This endpoint with another path (same server).
    pub fn with_path(&self, path: &str) -> Endpoint {
        Endpoint {
            path: path.to_string(),
            ..self.clone()
        }
    }
}

/// POST `body` (JSON) with extra `headers`; an error is a sentence for the log.
pub async fn post(
    to: &Endpoint,
    headers: &[(&str, String)],
    body: &[u8],
    timeout: Duration,
) -> Result<Reply, String> {
    let mut head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         User-Agent: lockerwall\r\nConnection: close\r\n",
        to.path,
        to.host,
        body.len(),
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let exchange = async {
        let tcp = tokio::net::TcpStream::connect((to.host.as_str(), to.port))
            .await
            .map_err(|e| format!("cannot connect to {}:{}: {e}", to.host, to.port))?;
        if to.tls {
            let mut roots = tokio_rustls::rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            let config = tokio_rustls::rustls::ClientConfig::builder()
                .with_root_certificates(roots)
                .with_no_client_auth();
            let name = tokio_rustls::rustls::pki_types::ServerName::try_from(to.host.clone())
                .map_err(|e| format!("bad host name {}: {e}", to.host))?;
            let stream = tokio_rustls::TlsConnector::from(Arc::new(config))
                .connect(name, tcp)
                .await
                .map_err(|e| format!("TLS with {}: {e}", to.host))?;
            exchange(stream, head.as_bytes(), body).await
        } else {
            exchange(tcp, head.as_bytes(), body).await
        }
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| format!("{} did not answer in time", to.host))?
}

/// Write the request, read the reply to its end (the server closes).
async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    mut s: S,
    head: &[u8],
    body: &[u8],
) -> Result<Reply, String> {
    s.write_all(head).await.map_err(|e| e.to_string())?;
    s.write_all(body).await.map_err(|e| e.to_string())?;
    s.flush().await.map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = match s.read(&mut buf).await {
            Ok(n) => n,
            // A TLS peer that closes without close_notify still sent its reply.
            Err(_) if !raw.is_empty() => 0,
            Err(e) => return Err(e.to_string()),
        };
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if raw.len() > MAX_REPLY {
            // Said as such, not as a cut reply that "was not understood".
            return Err(format!("{TOO_LONG} ({} KiB)", MAX_REPLY / 1024));
        }
    }
    parse_reply(&raw)
}

/// Status and body of a raw HTTP/1.1 reply (plain or chunked body).
pub fn parse_reply(raw: &[u8]) -> Result<Reply, String> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| "the reply was not HTTP".to_string())?;
    let mut body = raw.get(split + 4..).unwrap_or_default().to_vec();
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&data[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        let end = (start + size).min(data.len());
        out.extend_from_slice(&data[start..end]);
        data = data.get(end + 2..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_this_machine_unless_allowed() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost/x",
            "http://[::1]:80/",
            "https://a.example",
        ] {
            assert_eq!(
                Endpoint::parse(ok, "u")
                    .unwrap()
                    .plain_http_problem(false, "u"),
                None,
                "{ok}"
            );
        }
        let far = Endpoint::parse("http://portfolio.example", "u").unwrap();
        assert!(far.plain_http_problem(false, "portfolio.url").is_some());
        assert_eq!(far.plain_http_problem(true, "portfolio.url"), None);
    }

    #[test]
    fn urls() {
        let t = Endpoint::parse("https://sms.example.com/hooks/lockers", "the URL").unwrap();
        assert_eq!(
            (t.tls, t.host.as_str(), t.port, t.path.as_str()),
            (true, "sms.example.com", 443, "/hooks/lockers")
        );
        let t = Endpoint::parse("http://127.0.0.1:8080", "the URL").unwrap();
        assert_eq!((t.tls, t.port, t.path.as_str()), (false, 8080, "/"));
        assert_eq!(t.with_path("/api").path, "/api");
        assert!(Endpoint::parse("ftp://x", "the URL").is_err());
        assert!(Endpoint::parse("http://:80/", "the URL").is_err());
        assert!(Endpoint::parse("http://h:port/", "the URL")
            .unwrap_err()
            .contains("bad port"));
    }

    #[test]
    fn replies_plain_and_chunked() {
        let r =
            parse_reply(b"HTTP/1.1 200 OK\r\ncontent-length: 12\r\n\r\n{\"acked\":42}").unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, &b"{\"acked\":42}"[..]));
        let r = parse_reply(
            b"HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        )
        .unwrap();
        assert_eq!((r.status, r.body.as_slice()), (401, &b"hello world"[..]));
        assert!(parse_reply(b"garbage").is_err());
    }
}
