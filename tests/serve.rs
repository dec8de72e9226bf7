//! `bcpgen serve`: the real binary on a copy of the example data, on a free
//! port. A page is fetched, a YAML file edited, and the new content and the
//! reload event must arrive within a bounded time; then the YAML is broken and
//! the page must show the error over the last good version. Paths outside the
//! output are refused. The server is stopped by the test.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous bound for a rebuild to show (the measured figure is far lower,
/// but a shared CI machine compiling other crates can stall a rebuild for
/// many seconds); it only keeps a broken server from hanging the test.
const BOUND: Duration = Duration::from_secs(90);

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data: &Path) -> Server {
    start_with(data, &[])
}

// The child is waited for in `Server::drop`.
#[allow(clippy::zombie_processes)]
fn start_with(data: &Path, extra: &[&str]) -> Server {
    let mut child = bin()
        .args([
            "serve",
            data.to_str().unwrap(),
            "--port",
            "0",
            "--as-of",
            AS_OF,
        ])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start bcpgen serve");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + BOUND;
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve prints its URL");
        if let Some(at) = line.find("http://127.0.0.1:") {
            // The URL ends at a space or at the first character a URL cannot
            // hold (the message is in the organization's language).
            let url: String = line[at..]
                .chars()
                .take_while(|c| c.is_ascii_graphic())
                .collect();
            // Keep draining stderr so the server never blocks on it.
            std::thread::spawn(move || for _ in rx {});
            return Server {
                child,
                base: url.trim_end_matches('/').to_string(),
            };
        }
    }
}

/// GET `path` (sent as is); (status, body).
fn get(base: &str, path: &str) -> (u16, String) {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(BOUND)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
    (status, body.to_string())
}

/// Lines of the event stream, as they come.
fn events(base: &str) -> mpsc::Receiver<String> {
    let addr = base.trim_start_matches("http://").to_string();
    let (tx, rx) = mpsc::channel();
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "GET /__bcpgen/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // The stream is open once its headers arrive.
    let deadline = Instant::now() + BOUND;
    while Instant::now() < deadline {
        match rx.recv_timeout(BOUND) {
            Ok(l) if l.starts_with("retry:") => return rx,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("the event stream did not open");
}

fn wait_reload(rx: &mpsc::Receiver<String>) -> Duration {
    let start = Instant::now();
    loop {
        let left = BOUND.saturating_sub(start.elapsed());
        match rx.recv_timeout(left) {
            Ok(l) if l == "data: reload" => return start.elapsed(),
            Ok(_) => {}
            Err(_) => panic!("no reload event within {BOUND:?}"),
        }
    }
}

#[test]
fn serve_rebuilds_reloads_and_shows_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(&root().join("data"), &data);
    let server = start(&data);
    let base = server.base.clone();

    let (status, page) = get(&base, "/annex-contacts.html");
    assert_eq!(status, 200);
    assert!(page.contains("林志遠"), "the contact list is served");
    assert!(
        page.contains("EventSource"),
        "serve pages reload themselves"
    );
    assert!(!page.contains("bcpgen-errors"));
    let (status, index) = get(&base, "/");
    assert_eq!(status, 200);
    assert!(index.contains("annex-contacts.html"));

    // Only the output is served.
    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2f..%2fetc%2fpasswd",
    ] {
        assert_eq!(get(&base, bad).0, 403, "{bad}");
    }
    assert_eq!(get(&base, "/no-such.html").0, 404);

    // A one-line change: the stream says reload, the page has the new name.
    let rx = events(&base);
    let people = data.join("people.yaml");
    let text = std::fs::read_to_string(&people).unwrap();
    std::fs::write(&people, text.replacen("林志遠", "林志遠新", 1)).unwrap();
    wait_reload(&rx);
    let (_, page) = get(&base, "/annex-contacts.html");
    assert!(page.contains("林志遠新"), "the page shows the edit");

    // Broken YAML: the page keeps the last good version, errors on top.
    std::fs::write(&people, "people:\n  - id: [unclosed\n").unwrap();
    wait_reload(&rx);
    let (status, page) = get(&base, "/annex-contacts.html");
    assert_eq!(status, 200);
    assert!(page.contains("bcpgen-errors"), "errors are shown");
    let errors = &page[page.find("bcpgen-errors").unwrap()..];
    assert!(errors.contains("people.yaml"), "the error names the file");
    // The banner speaks the organization's language (zh-TW here).
    assert!(errors.contains("資料有錯誤"), "the banner is in Chinese");
    assert!(page.contains(">索引</a>"), "the toolbar is in Chinese");
    assert!(page.contains("林志遠新"), "over the last good version");

    // Fixed again: the banner goes.
    std::fs::write(&people, text).unwrap();
    wait_reload(&rx);
    let (_, page) = get(&base, "/annex-contacts.html");
    assert!(!page.contains("bcpgen-errors"));
    assert!(page.contains("林志遠") && !page.contains("林志遠新"));
    drop(server);
}

#[test]
fn the_written_pages_carry_no_reload_script() {
    let (out, r) = build(&root().join("data"), &["--format", "html", "--only", "bcp"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!read(out.path(), "bcp.html").contains("EventSource"));
}

#[test]
fn serve_speaks_the_language_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_tree(&root().join("data"), &data);
    let server = start_with(&data, &["--lang", "en"]);
    let (status, page) = get(&server.base, "/bcp.html");
    assert_eq!(status, 200);
    assert!(page.contains(">Index</a>"), "the toolbar follows --lang");
    // The documents stay in the organization's language.
    assert!(page.contains("業務持續計畫"));
    drop(server);
}
