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
    /// The host to connect to: a name, or an IP address without brackets.
    pub host: String,
    pub port: u16,
    /// The path and query.
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

/// Why a URL is not one the wall posts to; `what` names the setting.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("{what} {url} must start with https:// or http://")]
    Scheme { what: String, url: String },
    #[error("{what} {url} has a bad port")]
    BadPort { what: String, url: String },
    #[error("{what} {url} has no host")]
    NoHost { what: String, url: String },
    #[error("{what} {url} is not a URL ({why})")]
    Malformed {
        what: String,
        url: String,
        why: url::ParseError,
    },
    #[error("{what} is plain http:// to {host}: what it carries could be read or changed on the way. Use https://, or set plain_http = true if the network between is private")]
    PlainHttp { what: String, host: String },
}

/// Why a post got no answer this wall can read.
#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error("cannot connect to {host}:{port}: {source}")]
    Connect {
        host: String,
        port: u16,
        source: std::io::Error,
    },
    #[error("bad host name {0}")]
    HostName(String),
    #[error("TLS with {host}: {source}")]
    Tls {
        host: String,
        source: std::io::Error,
    },
    #[error("{0} did not answer in time")]
    Timeout(String),
    /// Said as such, not as a cut reply that "was not understood".
    #[error("the reply is longer than this wall reads ({} KiB)", MAX_REPLY / 1024)]
    TooLong,
    #[error("the reply was not HTTP")]
    NotHttp,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// The most of a reply that is read (a status and a small JSON body); the
/// portfolio server keeps its replies under it.
const MAX_REPLY: usize = lockerwall_wire::MAX_REPLY_BYTES;

impl Endpoint {
    /// Parse `url` (the `url` crate: IPv6 literals, ports, percent-encoding);
    /// `what` names it in the error ("the webhook URL").
    pub fn parse(url: &str, what: &str) -> Result<Endpoint, UrlError> {
        let (what, text) = (what.to_string(), url.to_string());
        let parsed = url::Url::parse(url).map_err(|why| match why {
            // No scheme at all ("portfolio.example.com").
            url::ParseError::RelativeUrlWithoutBase => UrlError::Scheme {
                what: what.clone(),
                url: text.clone(),
            },
            url::ParseError::InvalidPort => UrlError::BadPort {
                what: what.clone(),
                url: text.clone(),
            },
            url::ParseError::EmptyHost => UrlError::NoHost {
                what: what.clone(),
                url: text.clone(),
            },
            why => UrlError::Malformed {
                what: what.clone(),
                url: text.clone(),
                why,
            },
        })?;
        let tls = match parsed.scheme() {
            "https" => true,
            "http" => false,
            _ => return Err(UrlError::Scheme { what, url: text }),
        };
        let host = match parsed.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_string(),
            Some(url::Host::Ipv4(a)) => a.to_string(),
            Some(url::Host::Ipv6(a)) => a.to_string(),
            _ => return Err(UrlError::NoHost { what, url: text }),
        };
        Ok(Endpoint {
            tls,
            host,
            port: parsed
                .port_or_known_default()
                .unwrap_or(if tls { 443 } else { 80 }),
            path: parsed[url::Position::BeforePath..url::Position::AfterQuery].to_string(),
        })
    }

    /// Whether the host is this machine (plain HTTP to it crosses no network).
    pub fn is_loopback(&self) -> bool {
        self.host.eq_ignore_ascii_case("localhost")
            || self
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|a| a.is_loopback())
    }

    /// Why this endpoint may not be used: plain HTTP to another machine,
    /// unless `plain_http` (a private network) says so.
    pub fn plain_http_problem(&self, plain_http: bool, what: &str) -> Option<UrlError> {
        (!self.tls && !self.is_loopback() && !plain_http).then(|| UrlError::PlainHttp {
            what: what.to_string(),
            host: self.host.clone(),
        })
    }

    /// This endpoint with another path (same server).
    pub fn with_path(&self, path: &str) -> Endpoint {
        Endpoint {
            path: path.to_string(),
            ..self.clone()
        }
    }

    /// The Host header: an IPv6 address in brackets.
    fn host_header(&self) -> String {
        match self.host.contains(':') {
            true => format!("[{}]", self.host),
            false => self.host.clone(),
        }
    }
}

/// POST `body` (JSON) with extra `headers`.
pub async fn post(
    to: &Endpoint,
    headers: &[(&str, String)],
    body: &[u8],
    timeout: Duration,
) -> Result<Reply, PostError> {
    let mut head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         User-Agent: lockerwall\r\nConnection: close\r\n",
        to.path,
        to.host_header(),
        body.len(),
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let exchange = async {
        let tcp = tokio::net::TcpStream::connect((to.host.as_str(), to.port))
            .await
            .map_err(|source| PostError::Connect {
                host: to.host.clone(),
                port: to.port,
                source,
            })?;
        if to.tls {
            let mut roots = tokio_rustls::rustls::RootCertStore::empty();
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
            let config = tokio_rustls::rustls::ClientConfig::builder()
                .with_root_certificates(roots)
                .with_no_client_auth();
            let name = tokio_rustls::rustls::pki_types::ServerName::try_from(to.host.clone())
                .map_err(|_| PostError::HostName(to.host.clone()))?;
            let stream = tokio_rustls::TlsConnector::from(Arc::new(config))
                .connect(name, tcp)
                .await
                .map_err(|source| PostError::Tls {
                    host: to.host.clone(),
                    source,
                })?;
            exchange(stream, head.as_bytes(), body).await
        } else {
            exchange(tcp, head.as_bytes(), body).await
        }
    };
    tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| PostError::Timeout(to.host.clone()))?
}

/// Write the request, read the reply to its end (the server closes).
async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    mut s: S,
    head: &[u8],
    body: &[u8],
) -> Result<Reply, PostError> {
    s.write_all(head).await?;
    s.write_all(body).await?;
    s.flush().await?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = match s.read(&mut buf).await {
            Ok(n) => n,
            // A TLS peer that closes without close_notify still sent its reply.
            Err(_) if !raw.is_empty() => 0,
            Err(e) => return Err(e.into()),
        };
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if raw.len() > MAX_REPLY {
            return Err(PostError::TooLong);
        }
    }
    parse_reply(&raw)
}

/// Status and body of a raw HTTP/1.1 reply (plain or chunked body).
pub fn parse_reply(raw: &[u8]) -> Result<Reply, PostError> {
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
        .ok_or(PostError::NotHttp)?;
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
            .to_string()
            .contains("bad port"));
    }

    #[test]
    fn ipv6_literals_keep_their_colons() {
        let t = Endpoint::parse("http://[::1]/events", "the URL").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 80));
        let t = Endpoint::parse("https://[2001:db8::7]:8443/x", "the URL").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("2001:db8::7", 8443));
        assert!(!t.is_loopback());
        assert!(Endpoint::parse("http://[::1]:8080", "the URL")
            .unwrap()
            .is_loopback());
        assert!(Endpoint::parse("http://[::1", "the URL").is_err());
    }

    #[test]
    fn a_url_cannot_smuggle_a_header_or_a_second_host() {
        for hostile in [
            "http://h.example/x\r\nX-Evil: 1",
            "http://h.example/x%0d%0aX-Evil:%201",
            "http://h.example\r\n/x",
        ] {
            if let Ok(t) = Endpoint::parse(hostile, "the URL") {
                let line = format!("POST {} HTTP/1.1\r\nHost: {}", t.path, t.host_header());
                assert!(
                    !t.path.contains(['\r', '\n', ' ']),
                    "{hostile:?}: {:?}",
                    t.path
                );
                assert!(
                    !t.host.contains(['\r', '\n', '/']),
                    "{hostile:?}: {:?}",
                    t.host
                );
                assert_eq!(line.matches("\r\n").count(), 1, "{line:?}");
            }
        }
        // userinfo is not a host: the request goes to the host after @.
        let t = Endpoint::parse("https://portfolio.example@evil.example/", "the URL").unwrap();
        assert_eq!(t.host, "evil.example");
    }

    #[tokio::test]
    async fn a_post_reaches_a_server_on_an_ipv6_literal() {
        let listener = tokio::net::TcpListener::bind("[::1]:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf).await;
            s.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
                .await
                .unwrap();
        });
        let to = Endpoint::parse(&format!("http://[::1]:{port}/x"), "the URL").unwrap();
        let reply = post(&to, &[], b"{}", Duration::from_secs(5)).await.unwrap();
        assert_eq!((reply.status, reply.body.as_slice()), (200, &b"ok"[..]));
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
