//! The recording journal: one [`RecordedExchange`] per line (JSON), appended and flushed as
//! each answer goes back, so that nothing recorded is lost if the recorder dies.
//! `swfcheck record` turns it into the case file when it stops, then removes it;
//! a journal left behind (the process was killed) imports with `swfcheck import`.

use super::RecordedExchange;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The journal beside a case file: `FILE.journal.jsonl`.
pub fn path_for(case_file: &Path) -> PathBuf {
    super::convert::side_file(case_file, "journal.jsonl")
}

/// Appends exchanges to a journal file.
pub struct Journal {
    path: PathBuf,
    out: BufWriter<std::fs::File>,
    count: usize,
}

impl Journal {
    /// Creates (or truncates) the journal at `path`.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::create(path)?;
        Ok(Journal {
            path: path.to_owned(),
            out: BufWriter::new(file),
            count: 0,
        })
    }

    /// Appends one exchange and flushes it to the file.
    pub fn append(&mut self, exchange: &RecordedExchange) -> std::io::Result<()> {
        let line = serde_json::to_string(exchange).map_err(std::io::Error::other)?;
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        self.count += 1;
        Ok(())
    }

    /// Exchanges appended so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}
