//! Reports: each format renders the same [`RunReport`](crate::outcome::RunReport); one file per format.

pub mod coverage;
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

    /// Writes the report (to stdout when its path is `-`).
    pub fn write(&self, report: &crate::outcome::RunReport) -> Result<(), ReportError> {
        if self.is_stdout() {
            return self.write_stdout(report);
        }
        match self {
            ReportSpec::Json(path) => json::write(report, path),
            ReportSpec::Junit(path) => junit::write(report, path),
            ReportSpec::Html(path) => html::write(report, path),
        }
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

    /// Checks the destination can be written before the run starts (an empty file is left
    /// only if the run then fails to write it).
    pub fn check_writable(&self) -> Result<(), ReportError> {
        if self.is_stdout() {
            return Ok(());
        }
        let (format, path) = match self {
            ReportSpec::Json(p) => ("json", p),
            ReportSpec::Junit(p) => ("junit", p),
            ReportSpec::Html(p) => ("html", p),
        };
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map(|_| ())
            .map_err(|source| ReportError::Write {
                format,
                path: path.clone(),
                source,
            })
    }
}
