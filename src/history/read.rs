//! Reading a history from a file.
//!
//! A history file holds one execution's history as the service answers it: an object with
//! an `events` array (GetWorkflowExecutionHistory's answer, a PollForDecisionTask task, or
//! what `aws swf get-workflow-execution-history` prints); its other members (nextPageToken,
//! taskToken, ...) are ignored. Several pages of one execution are one file, either as a
//! JSON array of such objects or as the objects one after another (`cat page1.json
//! page2.json`); their events are joined in file order. Event timestamps are optional
//! (epoch seconds as the service sends them, or ISO 8601 text as the AWS CLI prints them).
//! Several files are several executions: each is checked on its own.

use serde_json::Value as Json;
use std::io::Read as _;
use std::path::{Path, PathBuf};

/// One history read from a file: its events in file order, and the pages that held them.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedHistory {
    /// The file as the user named it (`-` for standard input).
    pub name: String,
    /// How many page objects the file held.
    pub pages: usize,
    /// The events of every page, in file order.
    pub events: Vec<Json>,
}

/// Why a history file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryFileError {
    /// The file (or standard input) could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The path names a directory.
    #[error("{path} is a directory (hint: name the history files in it, e.g. {path}/*.json)", path = path.display())]
    Directory {
        /// The path.
        path: PathBuf,
    },
    /// The file holds nothing but white space.
    #[error(
        "{name} is empty (hint: a history file holds {{\"events\": [...]}} as GetWorkflowExecutionHistory answers it)"
    )]
    Empty {
        /// The file.
        name: String,
    },
    /// The file is not JSON.
    #[error("{name}:{line}:{column}: not JSON: {message}")]
    Syntax {
        /// The file.
        name: String,
        /// The 1-based line of the error.
        line: usize,
        /// The 1-based column of the error.
        column: usize,
        /// What the JSON parser found.
        message: String,
    },
    /// The JSON is not a history.
    #[error("{name}: {at}: expected {expected}, found {found}{hint}")]
    Shape {
        /// The file.
        name: String,
        /// Where in the file: the page and, if any, its member.
        at: String,
        /// What a history holds there.
        expected: &'static str,
        /// What the file holds there (its JSON type).
        found: String,
        /// What to do, when the value looks like a known mistake (empty otherwise).
        hint: &'static str,
    },
    /// The pages hold no event at all.
    #[error(
        "{name} holds no events (hint: a history starts with WorkflowExecutionStarted; was the execution read with the right runId?)"
    )]
    NoEvents {
        /// The file.
        name: String,
    },
}

/// Reads the history file `path` (`-`: standard input).
pub fn read_path(path: &Path) -> Result<LoadedHistory, HistoryFileError> {
    let read_err = |source| HistoryFileError::Read {
        path: path.to_owned(),
        source,
    };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(read_err)?;
        buf
    } else {
        if std::fs::metadata(path).map_err(read_err)?.is_dir() {
            return Err(HistoryFileError::Directory {
                path: path.to_owned(),
            });
        }
        std::fs::read(path).map_err(read_err)?
    };
    parse(&path.display().to_string(), &bytes)
}

/// Reads a history from `bytes`; `name` says where they came from in errors.
pub fn parse(name: &str, bytes: &[u8]) -> Result<LoadedHistory, HistoryFileError> {
    // A UTF-8 byte order mark (editors on Windows write one) is not part of the JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(HistoryFileError::Empty { name: name.into() });
    }
    let values = json_values(name, bytes)?;
    let pages: Vec<(String, &Json)> = match values.as_slice() {
        [(_, Json::Array(items))] if items.first().is_some_and(looks_like_event) => {
            return Err(HistoryFileError::Shape {
                name: name.into(),
                at: "the top level".into(),
                expected: PAGE,
                found: "an array of events".into(),
                hint: " (hint: wrap the list as {\"events\": [...]})",
            });
        }
        [(_, Json::Array(items))] => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    format!("page {} (element {} of the array)", i + 1, i + 1),
                    v,
                )
            })
            .collect(),
        [(_, page)] => vec![("the top level".into(), page)],
        _ => values
            .iter()
            .enumerate()
            .map(|(i, (line, v))| (format!("page {} (line {line})", i + 1), v))
            .collect(),
    };
    for (at, page) in &pages {
        page_events(name, at, page)?;
    }
    let count = pages.len();
    drop(pages);
    // Every page is valid: move the events out (a history can be 25,000 of them).
    let mut events = Vec::new();
    for (_, value) in values {
        match value {
            Json::Array(items) => items.into_iter().for_each(|p| take_events(p, &mut events)),
            page => take_events(page, &mut events),
        }
    }
    if events.is_empty() {
        return Err(HistoryFileError::NoEvents { name: name.into() });
    }
    Ok(LoadedHistory {
        name: name.into(),
        pages: count,
        events,
    })
}

/// Moves the `events` of a page that [`page_events`] accepted into `out`.
fn take_events(page: Json, out: &mut Vec<Json>) {
    if let Json::Object(mut members) = page {
        if let Some(Json::Array(events)) = members.remove("events") {
            out.extend(events);
        }
    }
}

/// The JSON values in `bytes`, one after another, each with the line it starts on.
fn json_values(name: &str, bytes: &[u8]) -> Result<Vec<(usize, Json)>, HistoryFileError> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Json>();
    let mut start = 0;
    while let Some(next) = stream.next() {
        let value = next.map_err(|e| HistoryFileError::Syntax {
            name: name.into(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let begins = start + leading_space(&bytes[start..]);
        out.push((line_of(bytes, begins), value));
        start = stream.byte_offset();
    }
    Ok(out)
}

fn leading_space(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// The 1-based line of byte `offset`.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// The `events` of one page, or why the page is not one.
fn page_events<'a>(name: &str, at: &str, page: &'a Json) -> Result<&'a [Json], HistoryFileError> {
    let shape = |at: String, expected, found: &Json, hint| HistoryFileError::Shape {
        name: name.into(),
        at,
        expected,
        found: json_type(found).into(),
        hint,
    };
    let Json::Object(members) = page else {
        let hint = match page {
            Json::Array(_) => " (hint: pages are an array of page objects at the top level only)",
            _ => "",
        };
        return Err(shape(at.into(), PAGE, page, hint));
    };
    match members.get("events") {
        Some(Json::Array(events)) => Ok(events),
        Some(other) => Err(shape(
            format!("{at}, member `events`"),
            "an array of events",
            other,
            "",
        )),
        None => {
            let hint = if looks_like_event(page) {
                " (hint: this is one event; a history file holds {\"events\": [...]})"
            } else {
                ""
            };
            let found = format!("an object without `events` (members: {})", keys(members));
            Err(HistoryFileError::Shape {
                name: name.into(),
                at: at.into(),
                expected: PAGE,
                found,
                hint,
            })
        }
    }
}

const PAGE: &str = "an object with an `events` array (a GetWorkflowExecutionHistory answer)";

fn looks_like_event(v: &Json) -> bool {
    v.get("eventType").is_some() || v.get("eventId").is_some()
}

fn keys(members: &serde_json::Map<String, Json>) -> String {
    let mut names: Vec<&str> = members.keys().map(String::as_str).take(5).collect();
    if members.len() > 5 {
        names.push("...");
    }
    if names.is_empty() {
        return "none".into();
    }
    names.join(", ")
}

/// The JSON type of `v`, with an article.
fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse("h.json", text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn one_object_with_events_is_one_page_and_other_members_are_ignored() {
        let h = parse(
            "h.json",
            br#"{"events": [{"eventId": 1}], "nextPageToken": "t", "taskToken": "x"}"#,
        )
        .unwrap();
        assert_eq!((h.pages, h.events.len()), (1, 1));
        assert_eq!(h.name, "h.json");
    }

    #[test]
    fn pages_as_an_array_or_one_after_another_are_joined_in_order() {
        let array =
            br#"[{"events": [{"eventId": 1}]}, {"events": [{"eventId": 2}, {"eventId": 3}]}]"#;
        let stream = b"{\"events\": [{\"eventId\": 1}]}\n{\"events\": [{\"eventId\": 2}, {\"eventId\": 3}]}\n";
        for text in [&array[..], &stream[..]] {
            let h = parse("h", text).unwrap();
            let ids: Vec<_> = h.events.iter().map(|e| e["eventId"].clone()).collect();
            assert_eq!((h.pages, ids), (2, vec![1.into(), 2.into(), 3.into()]));
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let h = parse("h", b"\xEF\xBB\xBF{\"events\": [{\"eventId\": 1}]}").unwrap();
        assert_eq!(h.events.len(), 1);
    }

    #[test]
    fn empty_and_blank_files_say_so() {
        for text in ["", " \n\t "] {
            assert!(err(text).starts_with("h.json is empty (hint: "), "{text:?}");
        }
    }

    #[test]
    fn syntax_errors_name_the_file_line_and_column() {
        assert_eq!(
            err("{\"events\": [\n  {\"eventId\": 1},\n  oops]}"),
            "h.json:3:3: not JSON: expected value at line 3 column 3"
        );
        assert!(err("{\"events\": [] ").starts_with("h.json:1:"));
    }

    #[test]
    fn shapes_that_are_not_histories_say_where_and_what_to_do() {
        assert_eq!(
            err(r#"[{"eventId": 1, "eventType": "WorkflowExecutionStarted"}]"#),
            "h.json: the top level: expected an object with an `events` array (a \
             GetWorkflowExecutionHistory answer), found an array of events (hint: wrap the list \
             as {\"events\": [...]})"
        );
        assert_eq!(
            err(r#"{"eventId": 1, "eventType": "WorkflowExecutionStarted"}"#),
            "h.json: the top level: expected an object with an `events` array (a \
             GetWorkflowExecutionHistory answer), found an object without `events` (members: \
             eventId, eventType) (hint: this is one event; a history file holds {\"events\": [...]})"
        );
        assert_eq!(
            err(r#"{"events": {"eventId": 1}}"#),
            "h.json: the top level, member `events`: expected an array of events, found an object"
        );
        assert_eq!(
            err("{\"events\": [{\"eventId\": 1}]}\n\n42"),
            "h.json: page 2 (line 3): expected an object with an `events` array (a \
             GetWorkflowExecutionHistory answer), found a number"
        );
        assert!(
            err("[[1]]")
                .ends_with("(hint: pages are an array of page objects at the top level only)")
        );
    }

    #[test]
    fn no_events_at_all_is_an_error() {
        assert!(err(r#"{"events": []}"#).starts_with("h.json holds no events (hint: "));
        assert!(err("[]").starts_with("h.json holds no events"));
    }

    #[test]
    fn directories_and_missing_files_are_read_errors() {
        let dir = std::env::temp_dir();
        let e = read_path(&dir).unwrap_err();
        assert!(matches!(e, HistoryFileError::Directory { .. }), "{e}");
        assert!(
            e.to_string()
                .contains("is a directory (hint: name the history files in it")
        );
        let missing = dir.join("swfcheck-no-such-history.json");
        let e = read_path(&missing).unwrap_err();
        assert!(matches!(e, HistoryFileError::Read { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("cannot read {}: ", missing.display()))
        );
    }
}
