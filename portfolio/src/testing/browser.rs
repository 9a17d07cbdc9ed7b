//! Headless Chromium driven over WebDriver (Debian's chromium and
//! chromium-driver): the browser tests of the dashboard, the desk and the
//! residents' pages, here and in the wall's own tests. Six WebDriver calls,
//! over the crate's own test HTTP client (decision 0034 says why no library).

use super::http;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// chromedriver on a free port, stopped when dropped.
pub struct Driver {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (apt-get install chromium chromium-driver; .ci/run installs it)");
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver { child, addr }
}

/// One WebDriver command; its `value`.
pub async fn wd(d: &Driver, method: &str, path: &str, body: Value) -> Value {
    let body = if method == "GET" || method == "DELETE" {
        Vec::new()
    } else {
        serde_json::to_vec(&body).unwrap()
    };
    let r = http(
        d.addr,
        method,
        path,
        &[("Content-Type", "application/json".into())],
        &body,
    )
    .await;
    let v: Value = serde_json::from_str(&r.body)
        .unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", r.body));
    assert_eq!(r.status, 200, "{method} {path}: {v}");
    v["value"].clone()
}

pub struct Session<'a> {
    d: &'a Driver,
    pub id: String,
}

impl Session<'_> {
    pub async fn go(&self, url: &str) {
        wd(
            self.d,
            "POST",
            &format!("/session/{}/url", self.id),
            json!({ "url": url }),
        )
        .await;
    }
    pub async fn find(&self, css: &str) -> String {
        let v = wd(
            self.d,
            "POST",
            &format!("/session/{}/element", self.id),
            json!({ "using": "css selector", "value": css }),
        )
        .await;
        v.as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }
    pub async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        wd(
            self.d,
            "GET",
            &format!("/session/{}/element/{e}/text", self.id),
            Value::Null,
        )
        .await
        .as_str()
        .unwrap()
        .to_string()
    }
    pub async fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        wd(
            self.d,
            "POST",
            &format!("/session/{}/element/{e}/value", self.id),
            json!({ "text": text }),
        )
        .await;
    }
    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        wd(
            self.d,
            "POST",
            &format!("/session/{}/element/{e}/click", self.id),
            json!({}),
        )
        .await;
    }
    /// A form field's current value (what the person would send).
    pub async fn value(&self, css: &str) -> String {
        let e = self.find(css).await;
        wd(
            self.d,
            "GET",
            &format!("/session/{}/element/{e}/property/value", self.id),
            Value::Null,
        )
        .await
        .as_str()
        .unwrap()
        .to_string()
    }
    /// A script's result (`return ...;`), run in the page.
    pub async fn run(&self, script: &str) -> Value {
        wd(
            self.d,
            "POST",
            &format!("/session/{}/execute/sync", self.id),
            json!({ "script": script, "args": [] }),
        )
        .await
    }
    /// The window's size, as a phone's or a laptop's.
    pub async fn resize(&self, width: u32, height: u32) {
        wd(
            self.d,
            "POST",
            &format!("/session/{}/window/rect", self.id),
            json!({ "width": width, "height": height }),
        )
        .await;
    }
    pub async fn url(&self) -> String {
        wd(
            self.d,
            "GET",
            &format!("/session/{}/url", self.id),
            Value::Null,
        )
        .await
        .as_str()
        .unwrap()
        .to_string()
    }
}

/// A headless Chromium session; finding an element waits up to 10 s for it.
pub async fn session(d: &Driver) -> Session<'_> {
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1280,900"]
        }
    }}});
    let id = wd(d, "POST", "/session", caps).await["sessionId"]
        .as_str()
        .unwrap()
        .to_string();
    wd(
        d,
        "POST",
        &format!("/session/{id}/timeouts"),
        json!({ "implicit": 10_000 }),
    )
    .await;
    Session { d, id }
}
