//! Every path the documentation names exists: README.md, the other top-level documents and
//! docs/ may name files and folders of the repository (`src/check/query.rs`,
//! `fixtures/cases/`), and a path that no longer exists is a test failure, not drift.

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
    let mut docs = vec![root.join("docs")];
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
