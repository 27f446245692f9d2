//! Snapshot files: one per case under the snapshot directory, in insta's format
//! so that `cargo insta review` can review them.
//!
//! ```text
//! ---
//! source: swfcheck
//! expression: rcwe/domain/len-257
//! ---
//! status: 400
//! ...
//! ```
//!
//! `<name>.snap` is the accepted snapshot, `<name>.snap.new` a pending one (a
//! response that differs from the accepted one, or has none yet).

use super::SnapshotError;
use std::path::{Path, PathBuf};

/// What the `source` header field says: the snapshots come from swfcheck, not from a test file.
pub const SOURCE: &str = "swfcheck";

/// The file name (without extension) of a case's snapshot: its id with `/` replaced by
/// `__`; characters that are not safe in a file name on every system become `_`.
pub fn file_stem(case_id: &str) -> String {
    case_id
        .replace('/', "__")
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The YAML scalar of a case id: plain when it is made of safe characters, else quoted.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.'))
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}

/// The whole file of a snapshot: the header, then the content, ending with a newline.
pub fn render(case_id: &str, content: &str) -> String {
    format!(
        "---\nsource: {SOURCE}\nexpression: {}\n---\n{}\n",
        yaml_scalar(case_id),
        content.trim_end()
    )
}

/// The content of a snapshot file: what follows the header, normalised as insta
/// compares it (line endings to `\n`, trailing whitespace trimmed). A file with no
/// `---` header is all content.
pub fn content_of(file: &str) -> String {
    let file = file.replace("\r\n", "\n");
    let body = match file.strip_prefix("---\n") {
        Some(rest) => match rest.find("\n---\n") {
            Some(end) => &rest[end + "\n---\n".len()..],
            None if rest.starts_with("---\n") => &rest["---\n".len()..],
            None => "",
        },
        None => file.as_str(),
    };
    body.trim_end().to_owned()
}

/// The snapshot directory.
#[derive(Debug, Clone)]
pub struct SnapshotStore {
    dir: PathBuf,
}

impl SnapshotStore {
    /// The directory `dir`: it must exist, unless `create` (then it is created).
    pub fn open(dir: &Path, create: bool) -> Result<Self, SnapshotError> {
        match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(SnapshotError::NotADirectory(dir.to_owned())),
            Err(_) if create => {
                std::fs::create_dir_all(dir).map_err(|error| SnapshotError::Io {
                    action: "create",
                    path: dir.to_owned(),
                    error,
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(SnapshotError::Missing(dir.to_owned()));
            }
            Err(error) => {
                return Err(SnapshotError::Io {
                    action: "read",
                    path: dir.to_owned(),
                    error,
                });
            }
        }
        Ok(SnapshotStore {
            dir: dir.to_owned(),
        })
    }

    /// The accepted snapshot file of a case.
    pub fn accepted_path(&self, case_id: &str) -> PathBuf {
        self.dir.join(format!("{}.snap", file_stem(case_id)))
    }

    /// The pending snapshot file of a case.
    pub fn pending_path(&self, case_id: &str) -> PathBuf {
        self.dir.join(format!("{}.snap.new", file_stem(case_id)))
    }

    /// The content of the accepted snapshot, `None` when there is none.
    pub fn accepted(&self, case_id: &str) -> Result<Option<String>, SnapshotError> {
        let path = self.accepted_path(case_id);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(content_of(&text))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(SnapshotError::Io {
                action: "read",
                path,
                error,
            }),
        }
    }

    /// Writes the accepted snapshot of a case; returns its path.
    pub fn accept(&self, case_id: &str, content: &str) -> Result<PathBuf, SnapshotError> {
        let path = self.accepted_path(case_id);
        write(&path, &render(case_id, content))?;
        Ok(path)
    }

    /// Writes the pending snapshot of a case; returns its path.
    pub fn propose(&self, case_id: &str, content: &str) -> Result<PathBuf, SnapshotError> {
        let path = self.pending_path(case_id);
        write(&path, &render(case_id, content))?;
        Ok(path)
    }

    /// Removes the pending snapshot of a case, if there is one.
    pub fn discard_pending(&self, case_id: &str) -> Result<(), SnapshotError> {
        let path = self.pending_path(case_id);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(SnapshotError::Io {
                action: "remove",
                path,
                error,
            }),
        }
    }
}

fn write(path: &Path, text: &str) -> Result<(), SnapshotError> {
    std::fs::write(path, text).map_err(|error| SnapshotError::Io {
        action: "write",
        path: path.to_owned(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_case_ids() {
        assert_eq!(file_stem("rcwe/domain/len-257"), "rcwe__domain__len-257");
        assert_eq!(file_stem("a:b\\c"), "a_b_c");
    }

    #[test]
    fn files_are_insta_front_matter_then_content() {
        let file = render("rcwe/seed-sample", "status: 200\nbody: empty\n");
        assert_eq!(
            file,
            "---\nsource: swfcheck\nexpression: rcwe/seed-sample\n---\nstatus: 200\nbody: empty\n"
        );
        assert_eq!(content_of(&file), "status: 200\nbody: empty");
        assert_eq!(
            content_of(&file.replace('\n', "\r\n")),
            "status: 200\nbody: empty"
        );
        assert_eq!(content_of("no header\n"), "no header");
        assert!(render("odd: id", "x").contains("expression: \"odd: id\"\n"));
    }

    #[test]
    fn a_missing_directory_is_an_error_unless_created() {
        // Removed on drop, also when the test fails; `snapshots` does not exist yet.
        let tmp = tempfile::Builder::new()
            .prefix("swfcheck-store-")
            .tempdir()
            .unwrap();
        let dir = tmp.path().join("snapshots");
        let missing = SnapshotStore::open(&dir, false)
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(
            missing
                .as_ref()
                .is_err_and(|e| e.contains("does not exist")),
            "{missing:?}"
        );
        let store = SnapshotStore::open(&dir, true);
        assert!(store.is_ok());
        if let Ok(store) = store {
            assert!(matches!(store.accepted("a/b"), Ok(None)));
            assert!(store.accept("a/b", "x").is_ok());
            assert!(matches!(store.accepted("a/b"), Ok(Some(c)) if c == "x"));
            assert!(store.propose("a/b", "y").is_ok());
            assert!(store.pending_path("a/b").exists());
            assert!(store.discard_pending("a/b").is_ok());
            assert!(!store.pending_path("a/b").exists());
            assert!(store.discard_pending("a/b").is_ok());
        }
        let file = dir.join("a__b.snap");
        let not_dir = SnapshotStore::open(&file, true)
            .map(|_| ())
            .map_err(|e| e.to_string());
        assert!(
            not_dir
                .as_ref()
                .is_err_and(|e| e.contains("not a directory")),
            "{not_dir:?}"
        );
    }
}
