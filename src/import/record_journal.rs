//! `swfcheck record`'s journal, left behind when the recorder was killed: one
//! exchange per line (JSON).

use super::{ImportError, malformed};
use crate::record::RecordedExchange;
use std::path::Path;

/// The exchanges of a journal; a line that is not one is an error naming it.
pub fn read(path: &Path, text: &str) -> Result<Vec<RecordedExchange>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let exchange = serde_json::from_str(line).map_err(|e| {
            malformed(
                path,
                i + 1,
                format!(
                    "not a journal line ({{\"target\", \"request\", \"status\", \"answer\"}}): {e}"
                ),
            )
        })?;
        out.push(exchange);
    }
    Ok(out)
}
