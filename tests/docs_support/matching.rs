//! Documented output against what a command printed: the printed text first loses what
//! changes from run to run (ports, the run prefix, times), then it is matched line by line
//! with two wildcards, as trycmd writes them: `[..]` stands for any text within a line,
//! and a line that is exactly `...` for any number of lines.

use regex::Regex;
use std::sync::LazyLock;

/// Run-specific values and what a document writes in their place.
static REDACTIONS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        (r"127\.0\.0\.1:[0-9]{2,5}", "127.0.0.1:[PORT]"),
        (r"swfcheck-[0-9a-f]{8}\b", "[PREFIX]"),
        (
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z",
            "[TIME]",
        ),
        (r"\b1[0-9]{9}(\.[0-9]+)?\b", "[EPOCH]"),
        (r"\b[0-9]+\.[0-9]+ ?s\b", "[ELAPSED]"),
        (r"\b[0-9]+/s\b", "[RATE]"),
    ]
    .into_iter()
    .map(|(re, with)| (Regex::new(re).unwrap(), with))
    .collect()
});

/// `text` with its run-specific values replaced; `ports` maps an actual port back to the one
/// the document names (a `swfcheck serve` the document started at 127.0.0.1:5070).
pub fn redact(text: &str, ports: &[(u16, u16)]) -> String {
    // A path the program makes absolute (a reproduction's `--cases`) starts with the clone's
    // directory, which is the reader's own.
    let mut text = text.replace(&*super::root().to_string_lossy(), "[CLONE]");
    for (documented, actual) in ports {
        let re = Regex::new(&format!(r"127\.0\.0\.1:{actual}\b")).unwrap();
        text = re
            .replace_all(&text, format!("127.0.0.1:{documented}").as_str())
            .into_owned();
    }
    for (re, with) in REDACTIONS.iter() {
        // A documented port stays (the lookbehind is done by hand: regex has none).
        text = re
            .replace_all(&text, |c: &regex::Captures| {
                let found = &c[0];
                let kept = ports.iter().any(|(d, _)| found == format!("127.0.0.1:{d}"));
                match kept {
                    true => found.to_owned(),
                    false => (*with).to_owned(),
                }
            })
            .into_owned();
    }
    text
}

/// Whether the printed lines match the documented ones.
pub fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => match actual.split_first() {
            Some((line, more)) => line_matches(first, line) && matches(rest, more),
            None => false,
        },
    }
}

/// Whether one printed line matches one documented line (`[..]`: any text). Trailing
/// spaces do not count.
pub fn line_matches(expected: &str, actual: &str) -> bool {
    let expected = expected.trim_end();
    let actual = actual.trim_end();
    let mut parts = expected.split("[..]");
    let Some(first) = parts.next() else {
        return actual.is_empty();
    };
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if last {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}
