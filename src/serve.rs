//! Live preview (`bcpgen serve`) and `bcpgen build --watch`.
//!
//! `serve` builds Markdown and HTML into a temporary directory and serves it
//! on 127.0.0.1 only. A watcher on the data directory (and the `--templates`
//! directory) rebuilds after a short debounce; open pages reload through
//! server-sent events (`/__bcpgen/events`). The reload script, the error
//! banner and a small toolbar are injected into HTML responses only; the files
//! on disk are those `build` writes. When the data has errors the pages keep
//! the last good version with the errors shown at the top. PDFs are typeset
//! on request and kept until the next rebuild.

use crate::build::{self, BuildError, BuildOptions};
use crate::export::html::escape_html;
use crate::locale::Locale;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long the watcher waits for a burst of file events to end.
pub const DEBOUNCE: Duration = Duration::from_millis(80);

/// Path of the event stream.
const EVENTS: &str = "/__bcpgen/events";

/// What one rebuild gave.
pub enum Outcome {
    /// Built and written: the documents, the time it took, the warnings' text.
    Built {
        docs: usize,
        took: Duration,
        warnings: String,
    },
    /// The data or templates have errors: their text.
    Failed(String),
}

/// Watches `paths` (directories, recursively) and calls `on_change` after each
/// burst of changes, until the watcher fails. Paths that do not exist are skipped.
pub fn watch(paths: &[PathBuf], mut on_change: impl FnMut()) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer =
        new_debouncer(DEBOUNCE, None, tx).map_err(|e| format!("cannot watch: {e}"))?;
    for p in paths.iter().filter(|p| p.exists()) {
        debouncer
            .watch(p, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch `{}`: {e}", p.display()))?;
    }
    for res in rx {
        match res {
            Ok(events) => {
                // Reading the files (the build does) is not a change.
                let changed = events.iter().any(|e| {
                    !matches!(e.kind, EventKind::Access(_)) && e.paths.iter().any(|p| relevant(p))
                });
                if changed {
                    on_change();
                }
            }
            Err(errors) => {
                let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                return Err(format!("watching failed: {}", text.join("; ")));
            }
        }
    }
    Ok(())
}

/// Editors' swap and backup files do not trigger a rebuild.
fn relevant(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    !(name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".bcpgen-"))
}

/// The directories a build reads: the data and the templates.
pub fn watched(opts: &BuildOptions) -> Vec<PathBuf> {
    let mut v = vec![opts.data_dir.clone()];
    v.extend(opts.templates.clone());
    v
}

/// Builds Markdown and HTML (the formats in `opts`) and writes them to `opts.out_dir`.
pub fn rebuild(opts: &BuildOptions, color: bool) -> Result<Outcome, String> {
    let start = Instant::now();
    let mut built = match build::build(opts) {
        Ok(b) => b,
        Err(BuildError::Data(d)) => return Ok(Outcome::Failed(d.render_text(color))),
        Err(BuildError::Usage(m)) => return Ok(Outcome::Failed(format!("error: {m}\n"))),
        Err(BuildError::Env(m)) => return Err(m),
    };
    build::write(&mut built, opts).map_err(|e| match e {
        BuildError::Data(d) => d.render_text(false),
        BuildError::Usage(m) | BuildError::Env(m) => m,
    })?;
    Ok(Outcome::Built {
        docs: built.docs.len(),
        took: start.elapsed(),
        warnings: if built.warnings.is_empty() {
            String::new()
        } else {
            built.warnings.render_text(color)
        },
    })
}

/// The state the server shares between the watcher and the request threads.
#[derive(Default)]
struct State {
    /// Bumped after every rebuild, good or bad; event streams wait on it.
    generation: u64,
    /// The errors of the latest rebuild, when it failed (plain text).
    errors: Option<String>,
    /// PDFs typeset on request since the latest good rebuild.
    pdfs: HashMap<String, Vec<u8>>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    opts: BuildOptions,
    /// The language of the toolbar and the error banner.
    locale: Locale,
}

/// Options of `bcpgen serve`.
pub struct ServeOptions {
    /// The build (its `out_dir` is the temporary directory served).
    pub build: BuildOptions,
    pub port: u16,
    /// The language of the page toolbar and the error banner.
    pub locale: Locale,
    /// Called once the server listens, with its URL.
    pub on_listen: Box<dyn FnOnce(&str) + Send>,
    /// Called after every rebuild with its outcome.
    pub on_rebuild: Box<dyn FnMut(&Outcome) + Send>,
}

/// Runs the preview server until the process ends. Errors: the port is taken,
/// the output directory cannot be written, the watcher fails.
pub fn serve(o: ServeOptions) -> Result<(), String> {
    let ServeOptions {
        build: mut opts,
        port,
        locale,
        on_listen,
        mut on_rebuild,
    } = o;
    // Only the formats a browser shows are rebuilt on change; PDFs on request.
    opts.formats.retain(|f| f == "md" || f == "html");
    if opts.formats.is_empty() {
        opts.formats = vec!["md".into(), "html".into()];
    }
    let server = tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        format!("cannot listen on 127.0.0.1:{port}: {e}; choose another with --port")
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(port);
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
        opts,
        locale,
    });
    let first = rebuild(&shared.opts, false)?;
    record(&shared, &first);
    on_rebuild(&first);
    on_listen(&format!("http://127.0.0.1:{port}/"));

    let watcher_shared = Arc::clone(&shared);
    let paths = watched(&shared.opts);
    let watcher = std::thread::spawn(move || {
        watch(&paths, || {
            let outcome = match rebuild(&watcher_shared.opts, false) {
                Ok(o) => o,
                Err(e) => Outcome::Failed(format!("error: {e}\n")),
            };
            record(&watcher_shared, &outcome);
            on_rebuild(&outcome);
        })
    });

    for request in server.incoming_requests() {
        if watcher.is_finished() {
            return match watcher.join() {
                Ok(Err(e)) => Err(e),
                _ => Err("the watcher stopped".into()),
            };
        }
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || handle(&shared, request));
    }
    Ok(())
}

fn record(shared: &Shared, outcome: &Outcome) {
    let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    st.generation += 1;
    match outcome {
        Outcome::Built { .. } => {
            st.errors = None;
            st.pdfs.clear();
        }
        Outcome::Failed(text) => st.errors = Some(text.clone()),
    }
    shared.changed.notify_all();
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(req: tiny_http::Request, status: u16, ctype: &str, body: Vec<u8>) {
    let resp = tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = req.respond(resp);
}

fn handle(shared: &Shared, req: tiny_http::Request) {
    if !matches!(
        req.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"GET only\n".to_vec(),
        );
    }
    let url = req.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
        return events(shared, req);
    }
    let Some(name) = file_name(path) else {
        return respond(
            req,
            403,
            "text/plain; charset=utf-8",
            b"forbidden: outside the output\n".to_vec(),
        );
    };
    let errors = {
        let st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        st.errors.clone()
    };
    if let Some(stem) = name.strip_suffix(".pdf") {
        return pdf(shared, req, stem);
    }
    let file = shared.opts.out_dir.join(&name);
    match std::fs::read(&file) {
        Ok(bytes) if name.ends_with(".html") => {
            let page = inject(
                &String::from_utf8_lossy(&bytes),
                &name,
                errors.as_deref(),
                &shared.locale,
            );
            respond(req, 200, "text/html; charset=utf-8", page.into_bytes())
        }
        Ok(bytes) => respond(req, 200, content_type(&name), bytes),
        Err(_) if name.ends_with(".html") && errors.is_some() => {
            // No good version yet: the errors alone.
            let page = inject(
                "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>bcpgen</title></head>\n<body>\n</body>\n</html>\n",
                &name,
                errors.as_deref(),
                &shared.locale,
            );
            respond(req, 200, "text/html; charset=utf-8", page.into_bytes())
        }
        Err(_) => respond(
            req,
            404,
            "text/plain; charset=utf-8",
            format!("not found: {name}\n").into_bytes(),
        ),
    }
}

/// The output file a URL path names, or None when it points outside the
/// output directory (`..`, absolute or encoded separators, hidden files).
pub fn file_name(url_path: &str) -> Option<String> {
    let decoded = percent_decode(url_path)?;
    let rel = decoded.trim_start_matches('/');
    let rel = if rel.is_empty() { "index.html" } else { rel };
    if rel.contains('\\') || rel.contains('\0') || rel.contains(':') {
        return None;
    }
    let p = Path::new(rel);
    let mut parts = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str()?;
                if s.starts_with('.') {
                    return None;
                }
                parts.push(s);
            }
            _ => return None,
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// The page with the serve-mode toolbar, the error banner and the reload
/// script, in the language of `loc`. The documents themselves never carry them.
pub fn inject(page: &str, name: &str, errors: Option<&str>, loc: &Locale) -> String {
    let stem = name.strip_suffix(".html").unwrap_or(name);
    let mut top = String::from(
        "<div id=\"bcpgen-serve\" style=\"font:14px/1.4 system-ui,sans-serif;background:#eef2f7;border-bottom:1px solid #c9d3df;padding:.4em 1em;display:flex;gap:1em;flex-wrap:wrap\">",
    );
    top.push_str(&format!(
        "<strong>bcpgen serve</strong><a href=\"index.html\">{}</a>",
        escape_html(&loc.serve_text("index", &[]))
    ));
    if stem != "index" {
        let s = escape_html(stem);
        top.push_str(&format!(
            "<a href=\"{s}.pdf\">PDF</a><a href=\"{s}.md\">Markdown</a>"
        ));
    }
    top.push_str("<a href=\"bcp-set.pdf\">bcp-set.pdf</a></div>\n");
    if let Some(e) = errors {
        top.push_str(&format!(
            "<div id=\"bcpgen-errors\" role=\"alert\" style=\"background:#fdecea;color:#611a15;border:2px solid #d9534f;margin:0;padding:.6em 1em\"><p style=\"margin:0 0 .4em;font-weight:bold\">{}</p><pre style=\"white-space:pre-wrap;overflow-wrap:anywhere;margin:0;font-size:13px\">{}</pre></div>\n",
            escape_html(&loc.serve_text("errors", &[])),
            escape_html(e)
        ));
    }
    let script = format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS}\");s.onmessage=function(){{location.reload();}};}})();</script>\n"
    );
    let mut out = page.to_string();
    match out
        .find("<body")
        .and_then(|i| out[i..].find('>').map(|j| i + j + 1))
    {
        Some(at) => out.insert_str(at, &format!("\n{top}")),
        None => out.insert_str(0, &top),
    }
    match out.rfind("</body>") {
        Some(at) => out.insert_str(at, &script),
        None => out.push_str(&script),
    }
    out
}

/// The event stream: one `data: reload` event after every rebuild.
fn events(shared: &Shared, req: tiny_http::Request) {
    let mut seen = {
        let st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        st.generation
    };
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let generation = {
            let st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            let (st, _) = shared
                .changed
                .wait_timeout_while(st, Duration::from_secs(15), |s| s.generation == seen)
                .unwrap_or_else(|e| e.into_inner());
            st.generation
        };
        // A comment line as keep-alive, so a closed page ends the thread.
        let msg = if generation == seen {
            ": keep-alive\n\n".to_string()
        } else {
            seen = generation;
            format!("id: {generation}\ndata: reload\n\n")
        };
        if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
}

/// A document's PDF (or `bcp-set`), typeset on request from the last good data.
fn pdf(shared: &Shared, req: tiny_http::Request, stem: &str) {
    let name = format!("{stem}.pdf");
    let cached = {
        let st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        st.pdfs.get(&name).cloned()
    };
    if let Some(bytes) = cached {
        return respond(req, 200, "application/pdf", bytes);
    }
    let mut opts = shared.opts.clone();
    opts.formats = vec!["pdf".into()];
    opts.only = (stem != "bcp-set").then(|| vec![stem.to_string()]);
    let result = build::build(&opts);
    let built = match result {
        Ok(b) => b,
        Err(BuildError::Data(d)) => {
            return respond(
                req,
                409,
                "text/plain; charset=utf-8",
                d.render_text(false).into_bytes(),
            );
        }
        Err(BuildError::Usage(m)) => {
            return respond(
                req,
                404,
                "text/plain; charset=utf-8",
                format!("{m}\n").into_bytes(),
            );
        }
        Err(BuildError::Env(m)) => {
            return respond(
                req,
                500,
                "text/plain; charset=utf-8",
                format!("{m}\n").into_bytes(),
            );
        }
    };
    if let Some(e) = built.export_error {
        return respond(
            req,
            500,
            "text/plain; charset=utf-8",
            format!("no PDF: {e}\n").into_bytes(),
        );
    }
    let mut st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    for f in built.files {
        if f.name.ends_with(".pdf") {
            st.pdfs.insert(f.name, f.bytes);
        }
    }
    match st.pdfs.get(&name).cloned() {
        Some(bytes) => {
            drop(st);
            respond(req, 200, "application/pdf", bytes)
        }
        None => {
            drop(st);
            respond(
                req,
                404,
                "text/plain; charset=utf-8",
                format!("not found: {name}\n").into_bytes(),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused() {
        assert_eq!(file_name("/").as_deref(), Some("index.html"));
        assert_eq!(file_name("/bcp.html").as_deref(), Some("bcp.html"));
        assert_eq!(file_name("/a%20b.md").as_deref(), Some("a b.md"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/secret",
            "/a/../../b",
            "/..%2fx",
            "/C:/x",
            "/a\\b",
            "/.hidden",
            "/%zz",
        ] {
            assert_eq!(file_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn injection_is_inside_the_body() {
        let page = "<html><body class=\"x\">\n<main>hi</main>\n</body></html>";
        let zh = Locale::get(crate::model::Locale::ZhTw);
        let out = inject(page, "bcp.html", Some("a < b"), &zh);
        assert!(out.contains("資料有錯誤"), "{out}");
        assert!(out.contains(">索引</a>"), "{out}");
        let en = Locale::get(crate::model::Locale::En);
        let out_en = inject(page, "bcp.html", Some("x"), &en);
        assert!(out_en.contains("The data has errors") && out_en.contains(">Index</a>"));
        let body = out.find("<body class=\"x\">").unwrap();
        assert!(out.find("bcpgen-errors").unwrap() > body);
        assert!(out.contains("a &lt; b"));
        assert!(out.find("EventSource").unwrap() < out.find("</body>").unwrap());
        assert!(out.contains("href=\"bcp.pdf\""));
    }
}
