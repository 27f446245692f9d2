//! Every path the documentation names exists: README.md, the other top-level documents, docs/
//! (the book in docs/src included) and the examples' READMEs may name files and folders of the
//! repository (`src/check/query.rs`, `fixtures/cases/`) and link to each other
//! (`[a page](../reference/cli.md)`), and a path or link that no longer leads anywhere is a
//! test failure, not drift.

use std::path::Path;

/// The folders of the repository whose paths the documents name.
const ROOTS: [&str; 9] = [
    "src/",
    "tests/",
    "fixtures/",
    "scripts/",
    "docs/",
    "examples/",
    "benches/",
    "fuzz/",
    ".ci/",
];

/// Paths that a command makes, named by the documents before they exist: the fuzz corpus
/// (`cargo run --example fuzz_corpus`) and what cargo-fuzz writes.
const GENERATED: [&str; 3] = ["fuzz/corpus/", "fuzz/artifacts/", "fuzz/target/"];

/// The documents whose paths are checked.
fn documents(root: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = [
        "README.md",
        "BENCHMARKS.md",
        "FUZZING.md",
        "ARCHITECTURE.md",
        "CONTRIBUTING.md",
    ]
    .iter()
    .map(|d| root.join(d))
    .filter(|p| p.exists())
    .collect();
    let mut docs = vec![root.join("docs"), root.join("examples")];
    while let Some(dir) = docs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                docs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    out
}

/// The repository paths named in `text`: words starting with one of [`ROOTS`], cut at the
/// first character a path does not hold, without trailing punctuation or a `:line` suffix;
/// a glob (`tests/engine_*.rs`) is kept whole.
fn paths_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.char_indices() {
        let boundary =
            i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric() || "_-./".contains(c));
        if !boundary {
            continue;
        }
        let rest = &text[i..];
        if !ROOTS.iter().any(|r| rest.starts_with(r)) {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || "_-./*{}".contains(*c))
            .collect();
        let path = path
            .split('{')
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', ','])
            .to_owned();
        out.push(path);
    }
    out
}

#[test]
fn every_path_the_documents_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for doc in documents(root) {
        let text = std::fs::read_to_string(&doc).unwrap();
        for path in paths_in(&text) {
            // Generated and temporary files live under target/, which is no root here.
            let exists = match path.contains('*') {
                true => glob::glob(&root.join(&path).to_string_lossy())
                    .is_ok_and(|mut found| found.next().is_some()),
                false => root.join(&path).exists(),
            };
            if !exists && !GENERATED.iter().any(|g| path.starts_with(g)) {
                missing.push(format!(
                    "{}: {path}",
                    doc.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "paths named but missing:\n{}",
        missing.join("\n")
    );
}

#[test]
fn paths_are_found_in_prose_and_cut_where_they_end() {
    assert_eq!(
        paths_in("see src/check/query.rs, and `fixtures/cases/*.toml`; tests/common/faulty.rs:12."),
        [
            "src/check/query.rs",
            "fixtures/cases/*.toml",
            "tests/common/faulty.rs"
        ]
    );
    assert!(paths_in("target/src/x and my_src/y").is_empty());
}

/// The targets of the relative Markdown links in `text` (`[words](target)`), without their
/// `#anchor`; links to the web, mail and anchors of the same page left out.
fn relative_links(text: &str) -> Vec<String> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            let target = &rest[..rest.find(')')?];
            let target = target.split('#').next().unwrap_or("");
            let web = ["http://", "https://", "mailto:"]
                .iter()
                .any(|p| target.starts_with(p));
            (!web && !target.is_empty() && !target.contains(char::is_whitespace))
                .then(|| target.to_owned())
        })
        .collect()
}

#[test]
fn every_relative_link_of_the_documents_leads_to_a_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for doc in documents(root) {
        let text = std::fs::read_to_string(&doc).unwrap();
        let dir = doc.parent().unwrap();
        for link in relative_links(&text) {
            if !dir.join(&link).exists() {
                let shown = doc.strip_prefix(root).unwrap().display().to_string();
                broken.push(format!("{shown}: {link}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to nothing:\n{}",
        broken.join("\n")
    );
}

#[test]
fn relative_links_are_found_without_anchors_and_web_links() {
    let text = "[a](../reference/cli.md#x) [b](https://x.org) [c](#here) [d](report.schema.json)";
    assert_eq!(
        relative_links(text),
        ["../reference/cli.md", "report.schema.json"]
    );
}
