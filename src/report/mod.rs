//! Reports: each format renders the same [`RunReport`](crate::outcome::RunReport); one file per format.

pub mod coverage;
pub mod ending;
pub mod groups;
pub mod html;
pub mod json;
pub mod junit;
pub mod shards;
pub mod summary;
pub mod terminal;

use std::path::PathBuf;

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be written.
    #[error(
        "cannot write the {format} report to {path}: {source} (hint: check the directory exists and is writable)"
    )]
    Write {
        /// The format.
        format: &'static str,
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Two reports of one run go to the same file, or both to stdout.
    #[error(
        "--report {first}={path} and --report {second}={path}: two reports to one {where_} (hint: give each report a path of its own)",
        where_ = if path.as_os_str() == "-" { "stdout" } else { "file" },
        path = path.display()
    )]
    SamePath {
        /// The path both name.
        path: PathBuf,
        /// The first report's format.
        first: &'static str,
        /// The second's.
        second: &'static str,
    },
    /// `--report` was not of the form FORMAT=PATH with a known format.
    #[error("bad --report {0:?}: expected FORMAT=PATH with FORMAT one of: json, junit, html")]
    BadSpec(String),
}

/// A requested report: format and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportSpec {
    /// The JSON report.
    Json(PathBuf),
    /// The JUnit XML report.
    Junit(PathBuf),
    /// The self-contained HTML report.
    Html(PathBuf),
}

impl std::str::FromStr for ReportSpec {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once('=') {
            Some(("json", path)) if !path.is_empty() => Ok(ReportSpec::Json(path.into())),
            Some(("junit", path)) if !path.is_empty() => Ok(ReportSpec::Junit(path.into())),
            Some(("html", path)) if !path.is_empty() => Ok(ReportSpec::Html(path.into())),
            _ => Err(ReportError::BadSpec(s.to_owned())),
        }
    }
}

impl ReportSpec {
    /// Whether the report goes to stdout (`FORMAT=-`): the run's own text then goes to stderr.
    pub fn is_stdout(&self) -> bool {
        let (ReportSpec::Json(p) | ReportSpec::Junit(p) | ReportSpec::Html(p)) = self;
        p.as_os_str() == "-"
    }

    /// The format's name and the path.
    fn parts(&self) -> (&'static str, &PathBuf) {
        match self {
            ReportSpec::Json(p) => ("json", p),
            ReportSpec::Junit(p) => ("junit", p),
            ReportSpec::Html(p) => ("html", p),
        }
    }

    /// Writes the report (to stdout when its path is `-`). A file is written beside its
    /// path first and renamed into place: a process killed while writing leaves no partial
    /// report, only the earlier file (or none).
    pub fn write(&self, report: &crate::outcome::RunReport) -> Result<(), ReportError> {
        if self.is_stdout() {
            return self.write_stdout(report);
        }
        let (format, path) = self.parts();
        let partial = partial_path(path);
        let written = match self {
            ReportSpec::Json(_) => json::write(report, &partial),
            ReportSpec::Junit(_) => junit::write(report, &partial),
            ReportSpec::Html(_) => html::write(report, &partial),
        };
        let renamed = written.and_then(|()| {
            std::fs::rename(&partial, path).map_err(|source| ReportError::Write {
                format,
                path: path.clone(),
                source,
            })
        });
        if renamed.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        renamed
    }

    fn write_stdout(&self, report: &crate::outcome::RunReport) -> Result<(), ReportError> {
        let (format, text) = match self {
            ReportSpec::Json(_) => {
                let out = std::io::BufWriter::new(std::io::stdout().lock());
                return json::write_to(report, out).map_err(|source| ReportError::Write {
                    format: "json",
                    path: "-".into(),
                    source,
                });
            }
            ReportSpec::Junit(_) => (
                "junit",
                junit::render(report).map_err(|e| std::io::Error::other(e.to_string())),
            ),
            ReportSpec::Html(_) => ("html", Ok(html::render(report))),
        };
        text.and_then(|t| {
            let mut out = std::io::stdout().lock();
            std::io::Write::write_all(&mut out, t.as_bytes())?;
            std::io::Write::flush(&mut out)
        })
        .map_err(|source| ReportError::Write {
            format,
            path: "-".into(),
            source,
        })
    }

    /// Checks the destination can be written before the run starts, leaving nothing behind
    /// (no empty report file that a killed run would leave as its report).
    pub fn check_writable(&self) -> Result<(), ReportError> {
        if self.is_stdout() {
            return Ok(());
        }
        let (format, path) = self.parts();
        probe(path).map_err(|source| ReportError::Write {
            format,
            path: path.clone(),
            source,
        })
    }

    /// Checks every report of a run before it starts: each can be written, and no two go to
    /// the same file or both to stdout (the second would overwrite, or mix with, the first).
    pub fn check_all(specs: &[ReportSpec]) -> Result<(), ReportError> {
        for (i, spec) in specs.iter().enumerate() {
            let (format, path) = spec.parts();
            if let Some(earlier) = specs[..i].iter().find(|e| same_file(e.parts().1, path)) {
                return Err(ReportError::SamePath {
                    path: path.clone(),
                    first: earlier.parts().0,
                    second: format,
                });
            }
            spec.check_writable()?;
        }
        Ok(())
    }

    /// The path (`-` for stdout).
    pub fn path(&self) -> &std::path::Path {
        self.parts().1
    }
}

/// Whether two destinations are one: the same path as given, or the same existing file.
pub fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    if a == b {
        return true;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `PATH.partial`: where a file is written before it is renamed to `PATH`.
pub fn partial_path(path: &std::path::Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

/// Whether `path` can be written, without creating it: an existing file is opened for
/// appending, a new one is tried as `PATH.partial` (created, then removed).
pub fn probe(path: &std::path::Path) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    if path.exists() {
        return std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map(|_| ());
    }
    let partial = partial_path(path);
    std::fs::File::create(&partial)?;
    std::fs::remove_file(&partial)
}
