//! A replay for people and for programs: the terminal shows the first difference with both
//! sides and a few events of context; the JSON report holds every difference.

use super::compare::Row;
use super::events::{attrs, id, kind};
use super::{ReplayOutcome, Sameness};
use serde_json::{Value as Json, json};
use std::fmt::Write as _;

/// Events shown before and after the first difference.
const CONTEXT: usize = 3;

/// An event on one line: its id, type and attributes (cut short).
fn line(e: &Json) -> String {
    let a = attrs(e).to_string();
    let a = match a.char_indices().nth(100) {
        Some((at, _)) => format!("{}...", &a[..at]),
        None => a,
    };
    format!("{} {} {a}", id(e), kind(e))
}

fn row_text(o: &ReplayOutcome, row: &Row) -> String {
    let rec = |i: usize| o.recorded.get(i).map(line).unwrap_or_default();
    let wr = |i: usize| o.written.get(i).map(line).unwrap_or_default();
    match row {
        Row::Same { recorded, .. } => format!("      {}", rec(*recorded)),
        Row::Missing { recorded } => format!("    - {}   (recorded, not written)", rec(*recorded)),
        Row::Extra { written } => format!("    + {}   (written, not recorded)", wr(*written)),
        Row::Changed {
            recorded,
            written,
            members,
        } => {
            let mut s = format!("    - {}\n    + {}", rec(*recorded), wr(*written));
            for m in members {
                let show =
                    |v: &Option<Json>| v.as_ref().map_or("(absent)".to_owned(), Json::to_string);
                let _ = write!(
                    s,
                    "\n        {}: recorded {}, written {}",
                    m.path,
                    show(&m.recorded),
                    show(&m.written)
                );
            }
            s
        }
    }
}

/// What a difference is about, in words.
fn headline(o: &ReplayOutcome, row: &Row) -> String {
    let at = |events: &[Json], i: usize| {
        events
            .get(i)
            .map(|e| format!("event {} ({})", id(e), kind(e)))
            .unwrap_or_default()
    };
    match row {
        Row::Missing { recorded } => {
            format!("recorded {} was not written", at(&o.recorded, *recorded))
        }
        Row::Extra { written } => format!("written {} was not recorded", at(&o.written, *written)),
        Row::Changed {
            recorded, written, ..
        } => format!(
            "recorded {} differs from written {}",
            at(&o.recorded, *recorded),
            at(&o.written, *written)
        ),
        Row::Same { .. } => String::new(),
    }
}

/// The terminal's account of one replay.
pub fn terminal(o: &ReplayOutcome) -> String {
    let file = o.file.display();
    let counts = format!(
        "{} events recorded, {} written, {:.2} s",
        o.recorded.len(),
        o.written.len(),
        o.seconds
    );
    let mut out = String::new();
    let first = o.rows.iter().position(Row::differs);
    match (o.status, first) {
        (Sameness::Same, _) => {
            let _ = writeln!(out, "swfcheck replay: {file}: same ({counts})");
        }
        (Sameness::Differ, None) => {
            let n = o.journal.mismatches.len();
            let _ = writeln!(
                out,
                "swfcheck replay: {file}: differs, {n} answer(s) not as the history shows ({counts})"
            );
        }
        (Sameness::Differ, Some(f)) => {
            let n = o.differences().count();
            let _ = writeln!(
                out,
                "swfcheck replay: {file}: differs, {n} difference(s) ({counts})"
            );
            let _ = writeln!(out, "  first: {}", headline(o, &o.rows[f]));
            for row in &o.rows[f.saturating_sub(CONTEXT)..(f + CONTEXT + 1).min(o.rows.len())] {
                let _ = writeln!(out, "{}", row_text(o, row));
            }
            if n > 1 {
                let _ = writeln!(
                    out,
                    "  ... and {} more (the JSON report, --report FILE, lists them all)",
                    n - 1
                );
            }
        }
    }
    for m in &o.journal.mismatches {
        let _ = writeln!(
            out,
            "  event {}: {}: recorded {}, written {}",
            m.event, m.what, m.recorded, m.written
        );
    }
    if let Some(stopped) = &o.journal.stopped {
        let _ = writeln!(out, "  the replay stopped {stopped}");
    }
    for w in &o.journal.waited {
        let _ = writeln!(out, "  event {}: {}: {}", w.event, w.what, w.how);
    }
    for note in o.notes.iter().chain(&o.journal.notes) {
        let _ = writeln!(out, "  note: {note}");
    }
    out
}

/// One replay in the JSON report: the file, same or not, the counts, every difference with
/// both events whole, what the replay met.
pub fn json_of(o: &ReplayOutcome) -> Json {
    let pick = |events: &[Json], i: Option<usize>| {
        i.and_then(|i| events.get(i)).cloned().unwrap_or(Json::Null)
    };
    let differences: Vec<Json> = o
        .differences()
        .map(|row| {
            let (r, w, members) = match row {
                Row::Missing { recorded } => (Some(*recorded), None, None),
                Row::Extra { written } => (None, Some(*written), None),
                Row::Changed {
                    recorded,
                    written,
                    members,
                } => (Some(*recorded), Some(*written), Some(members)),
                Row::Same { .. } => (None, None, None),
            };
            let kind = match row {
                Row::Missing { .. } => "missing",
                Row::Extra { .. } => "extra",
                _ => "changed",
            };
            json!({"kind": kind, "recorded": pick(&o.recorded, r), "written": pick(&o.written, w),
                "members": members})
        })
        .collect();
    json!({
        "file": o.file.display().to_string(),
        "status": o.status,
        "recordedEvents": o.recorded.len(),
        "writtenEvents": o.written.len(),
        "seconds": o.seconds,
        "differences": differences,
        "mismatches": o.journal.mismatches,
        "stopped": o.journal.stopped,
        "waited": o.journal.waited,
        "notes": o.notes.iter().chain(&o.journal.notes).collect::<Vec<_>>(),
    })
}
