//! Temporary directories of the tests, removed when the test ends, also when it fails
//! (the guard is dropped while the panic unwinds).

use std::path::{Path, PathBuf};

/// A fresh, empty directory `<temp dir>/swfcheck-<name>-<random>`, removed with
/// everything in it when the value is dropped.
pub struct TempDir(tempfile::TempDir);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = tempfile::Builder::new()
            .prefix(&format!("swfcheck-{name}-"))
            .tempdir()
            .expect("a temporary directory");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// `path().join(name)`.
    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.0.path().join(name)
    }
}
