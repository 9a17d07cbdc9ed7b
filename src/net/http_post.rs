//! One JSON POST with a deadline, by reqwest (decision 0037): HTTPS with
//! rustls, trusting the web's roots and this machine's (so a property's own
//! CA, added with `update-ca-certificates`, works), through the proxy that
//! `HTTPS_PROXY` / `HTTP_PROXY` name unless `NO_PROXY` covers the host.
//! The URL policy (which URLs the wall may post to) is ours: `Endpoint`.

use std::sync::OnceLock;
use std::time::Duration;

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
    /// No connection (refused, no route, a TLS handshake that failed, a proxy that refused).
    #[error("cannot connect to {host}:{port}: {source}")]
    Connect {
        host: String,
        port: u16,
        source: reqwest::Error,
    },
    #[error("{0} did not answer in time")]
    Timeout(String),
    /// Said as such, not as a cut reply that "was not understood".
    #[error("the reply is longer than this wall reads ({} KiB)", MAX_REPLY / 1024)]
    TooLong,
    /// The exchange broke off or was not HTTP.
    #[error("the exchange with {host} failed: {source}")]
    Exchange {
        host: String,
        source: reqwest::Error,
    },
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

/// The one client: connections and the roots are loaded once.
fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .user_agent("lockerwall")
            // A redirect would carry a signed body somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            // Only a broken TLS set-up fails here: no roots at all is not one.
            .expect("an HTTP client with rustls")
    })
}

/// POST `body` (JSON) with extra `headers`.
pub async fn post(
    to: &Endpoint,
    headers: &[(&str, String)],
    body: &[u8],
    timeout: Duration,
) -> Result<Reply, PostError> {
    post_as(to, "application/json", headers, body, timeout).await
}

/// POST `body` of `content_type` (a provider's form, say) with extra `headers`.
pub async fn post_as(
    to: &Endpoint,
    content_type: &str,
    headers: &[(&str, String)],
    body: &[u8],
    timeout: Duration,
) -> Result<Reply, PostError> {
    let mut request = client()
        .post(to.url())
        .timeout(timeout)
        .header(reqwest::header::CONTENT_TYPE, content_type)
        .body(body.to_vec());
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let error = |source: reqwest::Error| to.error(source);
    let mut reply = request.send().await.map_err(error)?;
    let status = reply.status().as_u16();
    let headers = reply
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into(),
            )
        })
        .collect();
    if reply.content_length().is_some_and(|n| n > MAX_REPLY as u64) {
        return Err(PostError::TooLong);
    }
    let mut body = Vec::new();
    while let Some(chunk) = reply.chunk().await.map_err(error)? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_REPLY {
            return Err(PostError::TooLong);
        }
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}

impl Endpoint {
    /// The URL to post to.
    fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!(
            "{scheme}://{}:{}{}",
            self.host_header(),
            self.port,
            self.path
        )
    }

    /// A client error as this wall says it.
    fn error(&self, source: reqwest::Error) -> PostError {
        if source.is_timeout() {
            PostError::Timeout(self.host.clone())
        } else if source.is_connect() {
            PostError::Connect {
                host: self.host.clone(),
                port: self.port,
                source,
            }
        } else {
            PostError::Exchange {
                host: self.host.clone(),
                source,
            }
        }
    }
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

    /// A server on `bind` that reads one whole request and answers `reply`.
    async fn answer_once(bind: &str, reply: Vec<u8>) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut got = Vec::new();
            let mut buf = [0u8; 4096];
            // The head, then as much body as it says.
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = s.read(&mut buf).await.unwrap();
                got.extend_from_slice(&buf[..n]);
            }
            let text = String::from_utf8_lossy(&got).to_ascii_lowercase();
            let length: usize = text
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            let head = text.find("\r\n\r\n").unwrap() + 4;
            while got.len() < head + length {
                let n = s.read(&mut buf).await.unwrap();
                got.extend_from_slice(&buf[..n]);
            }
            s.write_all(&reply).await.unwrap();
            s.shutdown().await.unwrap();
        });
        port
    }

    #[tokio::test]
    async fn a_post_reaches_a_server_on_an_ipv6_literal() {
        let reply = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".to_vec();
        let port = answer_once("[::1]:0", reply).await;
        let to = Endpoint::parse(&format!("http://[::1]:{port}/x"), "the URL").unwrap();
        let reply = post(&to, &[], b"{}", Duration::from_secs(5)).await.unwrap();
        assert_eq!((reply.status, reply.body.as_slice()), (200, &b"ok"[..]));
    }

    #[tokio::test]
    async fn chunked_replies_are_read_whole_and_headers_kept() {
        let reply = b"HTTP/1.1 401 Unauthorized\r\nX-Lockerwall-Server-Time: 7\r\n\
                      Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        let port = answer_once("127.0.0.1:0", reply.to_vec()).await;
        let to = Endpoint::parse(&format!("http://127.0.0.1:{port}/"), "the URL").unwrap();
        let r = post(&to, &[], b"{}", Duration::from_secs(5)).await.unwrap();
        assert_eq!((r.status, r.body.as_slice()), (401, &b"hello world"[..]));
        assert_eq!(r.header("x-lockerwall-server-time"), Some("7"));
    }

    #[tokio::test]
    async fn a_reply_longer_than_the_wall_reads_is_said_to_be_too_long() {
        // Said by its length, and without one (chunked): never cut and misread.
        let big = vec![b'x'; MAX_REPLY + 1];
        let mut with_length =
            format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", big.len()).into_bytes();
        with_length.extend_from_slice(&big);
        let mut chunked = format!(
            "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n",
            big.len()
        )
        .into_bytes();
        chunked.extend_from_slice(&big);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        for reply in [with_length, chunked] {
            let port = answer_once("127.0.0.1:0", reply).await;
            let to = Endpoint::parse(&format!("http://127.0.0.1:{port}/"), "the URL").unwrap();
            let err = post(&to, &[], b"{}", Duration::from_secs(5))
                .await
                .unwrap_err();
            assert!(matches!(err, PostError::TooLong), "{err}");
        }
    }

    #[tokio::test]
    async fn a_redirect_is_not_followed_with_the_signed_body() {
        let reply = b"HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:9/\r\ncontent-length: 0\r\n\r\n";
        let port = answer_once("127.0.0.1:0", reply.to_vec()).await;
        let to = Endpoint::parse(&format!("http://127.0.0.1:{port}/"), "the URL").unwrap();
        let r = post(&to, &[], b"{}", Duration::from_secs(5)).await.unwrap();
        assert_eq!(r.status, 307);
    }

    #[tokio::test]
    async fn a_server_that_never_answers_is_a_timeout() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let _held = tokio::spawn(async move {
            let (s, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(30)).await;
            drop(s);
        });
        let to = Endpoint::parse(&format!("http://127.0.0.1:{port}/"), "the URL").unwrap();
        let err = post(&to, &[], b"{}", Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(matches!(err, PostError::Timeout(_)), "{err}");
    }
}
