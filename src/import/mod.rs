//! `swfcheck import FILE... --out DIR`: recordings made elsewhere → case files, one per
//! input (`DIR/<file stem>.toml`, case id `recorded/<file stem>`), the same as
//! `swfcheck record` writes. Formats: HAR 1.2 ([`har`]), VCR cassettes of vcrpy and
//! Ruby VCR ([`vcr`]), swfcheck's JSON report ([`report`]) and the recorder's own
//! journal ([`record_journal`]); and a recorded history ([`history`]), whose case (id
//! `replay/<file stem>`) replays it. A malformed file is an [`ImportError`] naming the file
//! and line; nothing in a recording can make the import panic. What a recording uses but
//! never registers (its domain and types existed where it was recorded) is registered first
//! ([`setup`]), so that it replays on a fresh endpoint; names stay as recorded.

pub mod har;
pub mod history;
pub mod record_journal;
pub mod report;
pub mod setup;
pub mod vcr;

use crate::record::{CaseWriter, ConvertError, RecordedExchange, Summary, env_secrets};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Why a recording could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a well-formed recording of its format.
    #[error("{path}:{line}: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The line (1-based) where the problem is.
        line: usize,
        /// What is wrong, and what was expected.
        reason: String,
    },
    /// The format cannot be told from the name or the content.
    #[error(
        "{path}: not a recording swfcheck reads (hint: HAR 1.2 (.har), a VCR cassette (.yaml, .yml), a swfcheck JSON report (.json) or a record journal (.jsonl))"
    )]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The output directory cannot be created.
    #[error("cannot create {path}: {source}")]
    OutDir {
        /// The directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A history that cannot become a replay case (not self-consistent, a wait too long).
    #[error("{path}: {reason}")]
    History {
        /// The history file.
        path: PathBuf,
        /// Why, and what to do.
        reason: String,
    },
    /// The case file cannot be written.
    #[error("{input}: {source}")]
    Convert {
        /// The recording.
        input: PathBuf,
        /// Why.
        source: ConvertError,
    },
}

/// The formats [`import`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// HAR 1.2.
    Har,
    /// A VCR cassette (vcrpy or Ruby VCR).
    Vcr,
    /// swfcheck's JSON report.
    Report,
    /// `swfcheck record`'s journal (JSON lines).
    Journal,
    /// A recorded history (`{"events": [...]}`).
    History,
}

/// Tells the format from the extension, then from the first bytes.
pub fn format_of(path: &Path, text: &str) -> Option<ImportFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("har") => return Some(ImportFormat::Har),
        Some("yaml" | "yml") => return Some(ImportFormat::Vcr),
        Some("jsonl") => return Some(ImportFormat::Journal),
        _ => {}
    }
    let start = text.trim_start();
    if (start.starts_with('{') || start.starts_with('[')) && history::is_history(text) {
        return Some(ImportFormat::History);
    }
    if start.starts_with('{') {
        // The first member tells: HAR has "log", a report "endpoint"/"cases".
        let head: String = start.chars().take(4096).collect();
        if head.contains("\"log\"") {
            return Some(ImportFormat::Har);
        }
        if head.contains("\"cases\"") || head.contains("\"endpoint\"") {
            return Some(ImportFormat::Report);
        }
        return None;
    }
    if start.starts_with("interactions:")
        || start.starts_with("http_interactions:")
        || start.starts_with("---")
    {
        return Some(ImportFormat::Vcr);
    }
    None
}

/// Reads the exchanges of one recording, in order.
pub fn read(path: &Path) -> Result<Vec<RecordedExchange>, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    match format_of(path, &text) {
        Some(ImportFormat::Har) => har::read(path, &text),
        Some(ImportFormat::Vcr) => vcr::read(path, &text),
        Some(ImportFormat::Report) => report::read(path, &text),
        Some(ImportFormat::Journal) => record_journal::read(path, &text),
        Some(ImportFormat::History) => Err(ImportError::History {
            path: path.to_owned(),
            reason: "a history holds no exchanges (hint: `swfcheck import` makes it a replay case)"
                .into(),
        }),
        None => Err(ImportError::UnknownFormat {
            path: path.to_owned(),
        }),
    }
}

/// What a recording holds: exchanges, or a history (its text).
enum Recording {
    Exchanges(Vec<RecordedExchange>),
    History(Vec<serde_json::Value>),
}

/// Reads one recording: a history is kept as text (its case is written from it).
fn load(path: &Path) -> Result<Recording, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.to_owned(),
        source,
    })?;
    if format_of(path, &text) == Some(ImportFormat::History) {
        return history::events_of(path, &text).map(Recording::History);
    }
    read(path).map(Recording::Exchanges)
}

/// Imports each recording into `out_dir/<stem>.toml`; returns each file written with
/// its summary. Stems that repeat get `-2`, `-3`, ...
pub fn import(files: &[PathBuf], out_dir: &Path) -> Result<Vec<(PathBuf, Summary)>, ImportError> {
    std::fs::create_dir_all(out_dir).map_err(|source| ImportError::OutDir {
        path: out_dir.to_owned(),
        source,
    })?;
    let secrets = env_secrets();
    // Every input is read (and so checked) before anything is written.
    let mut recordings = Vec::new();
    for file in files {
        recordings.push((file, load(file)?));
    }
    let mut stems = BTreeSet::new();
    let mut written = Vec::new();
    for (file, exchanges) in recordings {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "recording".into());
        let mut name = stem.clone();
        let mut n = 1;
        while !stems.insert(name.clone()) {
            n += 1;
            name = format!("{stem}-{n}");
        }
        let out = out_dir.join(format!("{name}.toml"));
        let exchanges = match exchanges {
            Recording::History(events) => {
                let summary = history::write_case(file, &events, &out, &format!("replay/{name}"))?;
                written.push((out, summary));
                continue;
            }
            Recording::Exchanges(exchanges) => exchanges,
        };
        let convert = |source| ImportError::Convert {
            input: file.clone(),
            source,
        };
        let source = format!(
            "recorded in {} (seen: the status, fault and answer shape recorded)",
            file.file_name().unwrap_or_default().to_string_lossy()
        );
        let mut writer =
            CaseWriter::create(&out, &format!("recorded/{name}"), &source).map_err(convert)?;
        let exchanges: Vec<RecordedExchange> = exchanges
            .into_iter()
            .map(|e| e.scrubbed(&secrets))
            .collect();
        for (operation, body, exists) in setup::needed(&exchanges) {
            writer
                .push_setup(operation, &body, exists)
                .map_err(convert)?;
        }
        for exchange in &exchanges {
            writer.push(exchange).map_err(convert)?;
        }
        let summary = writer.finish().map_err(convert)?;
        written.push((out, summary));
    }
    Ok(written)
}

/// The `X-Amz-Target` among header name/value pairs (names compared case-insensitively).
pub(crate) fn target_of<'a>(
    mut headers: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<String> {
    headers
        .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
        .map(|(_, v)| v.to_owned())
}

/// A line-numbered malformed-recording error.
pub(crate) fn malformed(path: &Path, line: usize, reason: impl Into<String>) -> ImportError {
    ImportError::Malformed {
        path: path.to_owned(),
        line: line.max(1),
        reason: reason.into(),
    }
}

/// Text of a body given in base64.
pub(crate) fn base64_text(encoded: &str) -> Option<String> {
    use base64::Engine;
    let compact: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}
