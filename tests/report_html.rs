//! The HTML report end to end: a run of the built-in suite against the embedded
//! endpoint writes one page that shows every result of the JSON report of the
//! same run, the matrix and the traceability table, loads nothing from outside,
//! never shows a credential, and renders in headless Chromium.

mod common;

use common::temp::TempDir;
use serde_json::Value as Json;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;
use swfcheck::report::html::{SEED, anchor, escape};

const FAKE_KEYS: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "AKIAFAKEHTML1234"),
    ("AWS_SECRET_ACCESS_KEY", "fakeSecretHtml/abcd"),
    ("AWS_SESSION_TOKEN", "FakeHtmlSessionToken/0000+ZZZZ"),
];

/// Runs `swfcheck run ARGS --report html=<name>.html --report json=<name>.json` with
/// `env` (and no other AWS credentials); returns the exit code, the page and the JSON report.
fn run(
    tmp: &TempDir,
    name: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> (Option<i32>, String, Json) {
    let (html, json) = (
        tmp.join(format!("{name}.html")),
        tmp.join(format!("{name}.json")),
    );
    let out = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .arg("run")
        .args(args)
        .arg("--report")
        .arg(format!("html={}", html.display()))
        .arg("--report")
        .arg(format!("json={}", json.display()))
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let page = std::fs::read_to_string(&html)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let report = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (out.status.code(), page, report)
}

/// Every text between `open` and the next `close` in `page`.
fn between<'a>(page: &'a str, open: &str, close: &str) -> HashSet<&'a str> {
    page.split(open)
        .skip(1)
        .filter_map(|rest| rest.split_once(close).map(|(inside, _)| inside))
        .collect()
}

/// Every `http://` or `https://` URL in `text`, up to the first character that ends one.
fn urls(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for scheme in ["http://", "https://"] {
        for (i, _) in text.match_indices(scheme) {
            let rest = &text[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || "<>\"'&".contains(c))
                .unwrap_or(rest.len());
            found.push(&rest[..end]);
        }
    }
    found
}

#[test]
fn the_page_holds_every_result_the_matrix_and_the_traceability_table() {
    let tmp = TempDir::new("report-html");
    let (code, page, report) = run(&tmp, "suite", &[], &[]);
    assert_eq!(code, Some(0), "the reference endpoint is conformant");
    let cases = report["cases"].as_array().unwrap();
    assert!(cases.len() > 50, "the built-in suite ran");
    // Sets, not a search of the whole page per id: the suite has thousands of results.
    let anchors = between(&page, "id=\"", "\"");
    let shown = between(&page, "<code>", "</code>");
    for c in cases {
        let id = c["id"].as_str().unwrap();
        assert!(shown.contains(escape(id).as_str()), "{id} is shown");
        assert!(anchors.contains(anchor(id).as_str()), "{id} has its anchor");
    }
    for (verdict, n) in report["summary"].as_object().unwrap() {
        assert!(
            page.contains(&format!("{verdict} <b>{n}</b>")),
            "the header counts {n} {verdict}"
        );
    }
    assert!(page.contains("<table id=\"matrix\">"));
    assert!(page.contains("<table id=\"traceability\">"));
    assert!(
        page.contains("<td class=\"cell s-pass\""),
        "passing cells are green"
    );
    assert!(
        page.contains("not covered"),
        "the IAM sentences of the seed have no case"
    );
    assert!(
        page.contains("href=\"#r-rcwe/seed-sample\""),
        "the success sentence links to the case citing it"
    );

    // Self-contained: no script, no stylesheet, image or frame from elsewhere;
    // every link is within the page.
    let lower = page.to_ascii_lowercase();
    for needle in [
        "<script", "src=\"", "<link", "@import", "url(", "<iframe", "<object", "<embed",
    ] {
        assert!(!lower.contains(needle), "{needle}");
    }
    for (i, _) in page.match_indices("href=\"") {
        assert!(
            page[i + 6..].starts_with('#'),
            "external link: {}",
            &page[i..(i + 60).min(page.len())]
        );
    }
    // The only URLs are the endpoint's (as text) and the one quoted in the seed's sample request.
    let endpoint = report["endpoint"].as_str().unwrap();
    for url in urls(&page) {
        assert!(
            url.starts_with(endpoint) || SEED.contains(url),
            "unexpected URL {url}"
        );
    }
}

#[test]
fn credentials_from_the_environment_never_appear_in_the_page() {
    let tmp = TempDir::new("report-html");
    let cases = tmp.join("divergent.toml");
    std::fs::write(
        &cases,
        r#"[[case]]
id = "secrets/divergent"
operation = "RequestCancelWorkflowExecution"
source = "a deliberately wrong expectation, so that the page carries a curl reproduction"
request.body = { domain = "${unknownDomain}", workflowId = "w" }
check = [{ status = 200 }]
"#,
    )
    .unwrap();
    let suite = run(&tmp, "secrets-suite", &[], &FAKE_KEYS);
    let divergent = run(
        &tmp,
        "secrets-divergent",
        &["--cases", cases.to_str().unwrap()],
        &FAKE_KEYS,
    );
    assert_eq!(suite.0, Some(0));
    assert_eq!(divergent.0, Some(1));
    assert!(divergent.1.contains("--aws-sigv4"), "a curl reproduction");
    for (_, page, _) in [&suite, &divergent] {
        assert!(
            page.to_ascii_lowercase()
                .contains("authorization: &lt;redacted&gt;"),
            "the requests were signed and shown"
        );
        for (name, value) in FAKE_KEYS {
            let encoded = value.replace('/', "%2F").replace('+', "%2B");
            for form in [value.to_owned(), escape(value), encoded] {
                assert!(!page.contains(&form), "{name} appears in the page");
            }
        }
    }
}

#[test]
fn renders_in_chromium() {
    if !Path::new("/usr/bin/chromium").exists() {
        eprintln!("renders_in_chromium: skipped: /usr/bin/chromium not installed");
        return;
    }
    let tmp = TempDir::new("report-html");
    run(&tmp, "chromium", &[], &[]);
    let report = tmp.join("chromium.html");
    let png = tmp.join("chromium.png");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/html-screenshot.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(&report)
        .arg(&png)
        .env("CHROMIUM", "/usr/bin/chromium")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "a screenshot"
    );
    let dom = std::fs::read_to_string(tmp.join("chromium.png.dom.html")).unwrap();
    assert!(dom.contains("id=\"matrix\"") && dom.contains("id=\"traceability\""));
}
