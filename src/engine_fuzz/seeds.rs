//! The seed scripts of the `decisions` target: the engine tests' scenarios, kept as data
//! in `fixtures/fuzz/decisions.txt` (built into the library) and read into the bytes
//! [`ScriptStep::read`](super::script::ScriptStep::read) reads back, step by step.

use super::decision_bytes::DECISIONS;
use super::step_bytes::{RESPOND, STEPS};

/// The seed file, as built in.
const SEED_FILE: &str = include_str!("../../fixtures/fuzz/decisions.txt");

/// Why a line of the seed file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeedError {
    /// A step or decision name that no tag has.
    #[error(
        "line {line}: no {what} is named '{name}' (hint: the names are in src/engine_fuzz/{table})"
    )]
    UnknownName {
        /// The line (from 1).
        line: usize,
        /// "step" or "decision".
        what: &'static str,
        /// The name read.
        name: String,
        /// The file that lists the names.
        table: &'static str,
    },
    /// Not as many operand bytes as the step or decision takes.
    #[error("line {line}: '{name}' takes {wanted} operand bytes, not {found}")]
    Operands {
        /// The line (from 1).
        line: usize,
        /// The step or decision.
        name: String,
        /// How many it takes.
        wanted: usize,
        /// How many the line gives.
        found: usize,
    },
    /// An operand that is not a byte (0 to 255).
    #[error("line {line}: '{value}' is not a byte")]
    NotAByte {
        /// The line (from 1).
        line: usize,
        /// The word read.
        value: String,
    },
    /// A respond step whose decision count (mod 6) is not the number of decisions that
    /// follow it, or decisions after another step.
    #[error("line {line}: {wanted} decisions announced (the count byte mod 6), {found} given")]
    Decisions {
        /// The line (from 1).
        line: usize,
        /// How many the step's bytes announce.
        wanted: usize,
        /// How many follow.
        found: usize,
    },
    /// A step before the first `[name]`.
    #[error("line {line}: a step before the first [name] line")]
    Unnamed {
        /// The line (from 1).
        line: usize,
    },
}

/// The engine tests' scenarios as scripts, by name: the seed corpus of the target.
///
/// Panics if the built-in seed file is malformed (a unit test reads it whole).
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    parse(SEED_FILE).unwrap_or_else(|e| panic!("fixtures/fuzz/decisions.txt: {e}"))
}

/// Reads a seed file: `[name]` lines, each followed by its steps.
pub fn parse(text: &str) -> Result<Vec<(&str, Vec<u8>)>, SeedError> {
    let mut scripts: Vec<(&str, Vec<u8>)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            scripts.push((name, Vec::new()));
            continue;
        }
        let Some((_, bytes)) = scripts.last_mut() else {
            return Err(SeedError::Unnamed { line: i + 1 });
        };
        bytes.extend(step_line(i + 1, line)?);
    }
    Ok(scripts)
}

/// One step line: its name and operands, then (a respond step) `| decision operands`.
fn step_line(line: usize, text: &str) -> Result<Vec<u8>, SeedError> {
    let mut parts = text.split('|');
    let step = parts.next().unwrap_or_default();
    let names = STEPS.map(|s| (s.name, s.operands));
    let mut bytes = named_bytes(line, step, ("step", "step_bytes.rs"), &names)?;
    let names = DECISIONS.map(|d| (d.name, d.operands));
    let mut found = 0;
    for decision in parts {
        bytes.extend(named_bytes(
            line,
            decision,
            ("decision", "decision_bytes.rs"),
            &names,
        )?);
        found += 1;
    }
    let wanted = match bytes[0] {
        RESPOND => usize::from(bytes[2] % 6),
        _ => 0,
    };
    if wanted != found {
        return Err(SeedError::Decisions {
            line,
            wanted,
            found,
        });
    }
    Ok(bytes)
}

/// `name b1 b2 ...` as its tag (its place in `names`) and operand bytes.
fn named_bytes(
    line: usize,
    text: &str,
    (what, table): (&'static str, &'static str),
    names: &[(&str, usize)],
) -> Result<Vec<u8>, SeedError> {
    let mut words = text.split_whitespace();
    let name = words.next().unwrap_or_default();
    let Some(tag) = names.iter().position(|(n, _)| *n == name) else {
        return Err(SeedError::UnknownName {
            line,
            what,
            name: name.to_owned(),
            table,
        });
    };
    let mut bytes = vec![tag as u8];
    for word in words {
        let byte = word.parse::<u8>().map_err(|_| SeedError::NotAByte {
            line,
            value: word.to_owned(),
        })?;
        bytes.push(byte);
    }
    let wanted = names[tag].1;
    if bytes.len() - 1 != wanted {
        return Err(SeedError::Operands {
            line,
            name: name.to_owned(),
            wanted,
            found: bytes.len() - 1,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_file_reads_and_a_bad_line_says_where() {
        assert_eq!(seeds().len(), 12);
        let one = parse("[s]\nstart 0 1 2\nrespond 0 1 0 | complete\n").unwrap();
        assert_eq!(one, vec![("s", vec![0, 0, 1, 2, 2, 0, 1, 0, 2])]);
        let cases = [
            ("[s]\nbegin 0", "line 2: no step is named 'begin'"),
            ("[s]\nstart 0 1", "takes 3 operand bytes, not 2"),
            ("[s]\nadvance 300", "'300' is not a byte"),
            ("[s]\nrespond 0 2 0 | complete", "2 decisions announced"),
            ("[s]\nsignal 0 | marker", "0 decisions announced"),
            ("start 0 0 0", "before the first [name]"),
        ];
        for (text, said) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(said), "{text}: {e}");
        }
    }
}
