//! What the documentation tests share: which documents there are, and their fenced code
//! blocks. `console` blocks are run (tests/docs_commands.rs); every code block's `swfcheck`
//! command lines are held to the CLI (tests/docs_reference.rs).
#![allow(dead_code)]

pub mod console;
pub mod matching;
pub mod session;

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The documents a reader meets: README.md, the top-level documents, the book and its
/// neighbours under docs/, and the examples' READMEs; in a stable order.
pub fn documents() -> Vec<PathBuf> {
    let root = root();
    let mut out: Vec<PathBuf> = [
        "README.md",
        "ARCHITECTURE.md",
        "CONTRIBUTING.md",
        "BENCHMARKS.md",
        "FUZZING.md",
    ]
    .iter()
    .map(|d| root.join(d))
    .filter(|p| p.exists())
    .collect();
    for dir in ["docs", "examples"] {
        let mut found = Vec::new();
        markdown_under(&root.join(dir), &mut found);
        found.sort();
        out.extend(found);
    }
    out
}

fn markdown_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// A document's path relative to the root, for messages.
pub fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// One fenced code block of a Markdown document.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The info string after the opening fence (`console`, `sh`, `toml`, ...).
    pub info: String,
    /// The 1-based line of the opening fence.
    pub line: usize,
    /// The block's lines, without the fences.
    pub lines: Vec<String>,
}

impl Block {
    /// The language: the info string's first word.
    pub fn language(&self) -> &str {
        self.info
            .split([' ', ','])
            .next()
            .unwrap_or_default()
            .trim()
    }
}

/// The fenced code blocks of `text` (fences of three or more backticks at the start of a
/// line, up to three spaces in; a block ends at a fence at least as long).
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Block)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let ticks = trimmed.chars().take_while(|c| *c == '`').count();
        let fence = indent <= 3 && ticks >= 3;
        match open.take() {
            None if fence => {
                let info = trimmed[ticks..].trim().to_owned();
                let block = Block {
                    info,
                    line: i + 1,
                    lines: Vec::new(),
                };
                open = Some((ticks, block));
            }
            None => {}
            Some((n, block)) if fence && ticks >= n && trimmed[ticks..].trim().is_empty() => {
                out.push(block);
            }
            Some((n, mut block)) => {
                block.lines.push(line.to_owned());
                open = Some((n, block));
            }
        }
    }
    out
}
