//! Loading case files (`fixtures/cases/*.toml`), with errors that name the file and line.

use super::case::{Case, Level, Setup, Then};
use super::invalid::InvalidCase;
use super::template::Vars;
use crate::check::{CheckGroup, Expectation, Needs, Which};
use crate::model;
use crate::outcome::Predicate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The suite that ships in the binary: `fixtures/cases/*.toml`.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "fixtures/cases/request-cancel-workflow-execution.toml",
        include_str!("../../fixtures/cases/request-cancel-workflow-execution.toml"),
    ),
    (
        "fixtures/cases/protocol.toml",
        include_str!("../../fixtures/cases/protocol.toml"),
    ),
    (
        "fixtures/cases/responses.toml",
        include_str!("../../fixtures/cases/responses.toml"),
    ),
    (
        "fixtures/cases/faults.toml",
        include_str!("../../fixtures/cases/faults.toml"),
    ),
    (
        "fixtures/cases/behaviour.toml",
        include_str!("../../fixtures/cases/behaviour.toml"),
    ),
    (
        "fixtures/cases/executions.toml",
        include_str!("../../fixtures/cases/executions.toml"),
    ),
    (
        "fixtures/cases/tasks.toml",
        include_str!("../../fixtures/cases/tasks.toml"),
    ),
    (
        "fixtures/cases/decision-failures.toml",
        include_str!("../../fixtures/cases/decision-failures.toml"),
    ),
    (
        "fixtures/cases/domains.toml",
        include_str!("../../fixtures/cases/domains.toml"),
    ),
    (
        "fixtures/cases/paging.toml",
        include_str!("../../fixtures/cases/paging.toml"),
    ),
    (
        "fixtures/cases/scoping.toml",
        include_str!("../../fixtures/cases/scoping.toml"),
    ),
    (
        "fixtures/cases/slow.toml",
        include_str!("../../fixtures/cases/slow.toml"),
    ),
    (
        "fixtures/cases/time.toml",
        include_str!("../../fixtures/cases/time.toml"),
    ),
    (
        "fixtures/cases/lifecycles.toml",
        include_str!("../../fixtures/cases/lifecycles.toml"),
    ),
    (
        "fixtures/cases/documented.toml",
        include_str!("../../fixtures/cases/documented.toml"),
    ),
];

/// Why a case file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not TOML of a case file's form.
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// The file.
        path: String,
        /// The 1-based line.
        line: usize,
        /// What the TOML reader said.
        message: String,
    },
    /// A case of the file is not a valid case.
    #[error("{path}:{line}: case {id}: {problem}")]
    Invalid {
        /// The file.
        path: String,
        /// The 1-based line of the case.
        line: usize,
        /// The case's id.
        id: String,
        /// What is wrong, with a hint.
        problem: InvalidCase,
    },
    /// Two check groups of the suite have the same result id.
    #[error("{path}:{line}: duplicate result id {id} (first at {first})")]
    DuplicateId {
        /// The file of the second.
        path: String,
        /// Its line.
        line: usize,
        /// The result id.
        id: String,
        /// Where the first is (`file:line`).
        first: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[serde(rename = "case", default)]
    cases: Vec<Case>,
}

/// Loads the built-in suite.
pub fn builtin() -> Result<Vec<Case>, LoadError> {
    let mut all = Vec::new();
    for (path, text) in BUILTIN {
        all.extend(parse(path, text)?);
    }
    check_unique(&all)?;
    Ok(all)
}

/// Loads every `*.toml` in `dir` (sorted by name), or one file.
pub fn load_path(path: &Path) -> Result<Vec<Case>, LoadError> {
    let read_err = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let mut files = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).map_err(read_err)? {
            let p = entry.map_err(read_err)?.path();
            if p.extension().is_some_and(|e| e == "toml") {
                files.push(p);
            }
        }
        files.sort();
    } else {
        files.push(path.to_owned());
    }
    let mut all = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|source| LoadError::Read {
            path: file.clone(),
            source,
        })?;
        all.extend(parse(&file.display().to_string(), &text)?);
    }
    check_unique(&all)?;
    Ok(all)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line where case `id` is declared (its `id = "..."` line).
fn line_of_case(text: &str, id: &str) -> usize {
    let needle = format!("\"{id}\"");
    text.lines()
        .position(|l| l.trim_start().starts_with("id") && l.contains(&needle))
        .map_or(1, |i| i + 1)
}

/// Parses one file's text; `path` labels errors.
pub fn parse(path: &str, text: &str) -> Result<Vec<Case>, LoadError> {
    let file: CaseFile = toml::from_str(text).map_err(|e| LoadError::Syntax {
        path: path.to_owned(),
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: e.message().to_owned(),
    })?;
    let mut cases = file.cases;
    for case in &mut cases {
        let line = line_of_case(text, &case.id);
        case.origin = format!("{path}:{line}");
        validate(case).map_err(|problem| LoadError::Invalid {
            path: path.to_owned(),
            line,
            id: case.id.clone(),
            problem,
        })?;
        super::output_checks::add_output_checks(case);
        super::meaning_checks::add_meaning_checks(case);
    }
    Ok(cases)
}

fn check_unique(cases: &[Case]) -> Result<(), LoadError> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for case in cases {
        for check in &case.checks {
            let id = check.id_in(&case.id);
            if let Some(first) = seen.insert(id.clone(), &case.origin) {
                let (path, line) = case.origin.rsplit_once(':').unwrap_or((&case.origin, "1"));
                return Err(LoadError::DuplicateId {
                    path: path.to_owned(),
                    line: line.parse().unwrap_or(1),
                    id,
                    first: first.to_owned(),
                });
            }
        }
    }
    Ok(())
}

fn validate(case: &Case) -> Result<(), InvalidCase> {
    if model::swf().operation(&case.operation).is_none() {
        return Err(InvalidCase::UnknownOperation(case.operation.clone()));
    }
    let req = &case.request;
    if req.body.is_some() && req.raw.is_some() {
        return Err(InvalidCase::BodyAndRaw);
    }
    let vars = Vars::placeholder();
    if let Some(body) = &req.body {
        vars.table_to_json(body)?;
    }
    for text in req
        .raw
        .iter()
        .chain(req.target.iter())
        .chain(req.headers.values())
    {
        vars.expand(text)?;
    }
    for (i, step) in case.steps.iter().enumerate() {
        validate_step(step, &vars).map_err(|e| e.in_step(i + 1))?;
    }
    if case.checks.is_empty() {
        return Err(InvalidCase::NoChecks);
    }
    let mut names = Vec::new();
    for (i, check) in case.checks.iter().enumerate() {
        validate_check(case, check)
            .and_then(|()| super::output_checks::check_name(check))
            .and_then(|()| super::meaning_checks::check_name(check))
            .map_err(|e| e.in_check(i + 1))?;
        names.push(check.name.clone());
    }
    names.sort();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Err(InvalidCase::DuplicateCheckName);
    }
    Ok(())
}

fn validate_step(step: &super::case::Step, vars: &Vars) -> Result<(), InvalidCase> {
    if let Some(wait) = &step.wait {
        if step.operation.is_some() || step.decide.is_some() {
            return Err(InvalidCase::StepKind);
        }
        return crate::cases::case::wait_of(wait).map(|_| ());
    }
    match (&step.operation, &step.decide) {
        (Some(op), None) => {
            if model::swf().operation(op).is_none() {
                return Err(InvalidCase::UnknownOperation(op.clone()));
            }
        }
        (None, Some(d)) => {
            let known = model::swf()
                .operation("RespondDecisionTaskCompleted")
                .and_then(|op| op.input.member("decisions"))
                .and_then(|d| d.shape.member.as_deref())
                .and_then(|d| d.member("decisionType"))
                .and_then(|t| t.shape.enum_values.as_deref())
                .unwrap_or_default();
            if !known.contains(&d.decision) {
                let known = known.to_vec();
                return Err(InvalidCase::UnknownDecision { known });
            }
            vars.expand(&d.domain)?;
            vars.expand(&d.task_list)?;
        }
        _ => return Err(InvalidCase::StepKind),
    }
    if let Some(body) = &step.body {
        vars.table_to_json(body)?;
    }
    answer_shape_is_json(step.answer_shape.as_deref())
}

/// An `answer_shape` must be JSON ([`crate::check::recorded_shape`]).
fn answer_shape_is_json(shape: Option<&str>) -> Result<(), InvalidCase> {
    match shape.map(serde_json::from_str::<serde_json::Value>) {
        Some(Err(e)) => Err(InvalidCase::AnswerShape(e)),
        _ => Ok(()),
    }
}

fn validate_check(case: &Case, check: &CheckGroup) -> Result<(), InvalidCase> {
    if check.expectations().is_empty() && check.level_or(case.level) != Level::Observe {
        return Err(InvalidCase::EmptyCheck);
    }
    let vars = Vars::placeholder();
    let mut probe = check.clone();
    for e in probe.expectations_mut() {
        validate_expectation(e)?;
        e.map_values(&mut |s| vars.expand(s))?;
    }
    // The meaning checks' reads (`Needs::Around`) are of whatever the request names.
    let needs_execution = check.needs().iter().any(|n| *n != Needs::Around);
    if needs_execution && matches!(case.setup, Setup::None | Setup::Domain | Setup::Types) {
        return Err(InvalidCase::NeedsExecution);
    }
    if check.of == Which::Previous && case.setup != Setup::Rerun {
        return Err(InvalidCase::PreviousNeedsRerun);
    }
    let heartbeat = check
        .expectations()
        .iter()
        .any(|e| matches!(e, Expectation::HeartbeatCancelRequested(_)));
    if heartbeat && case.then != Some(Then::Heartbeat) {
        return Err(InvalidCase::HeartbeatNeedsThen);
    }
    if case.then == Some(Then::Heartbeat) && case.setup != Setup::OpenActivity {
        return Err(InvalidCase::ThenNeedsOpenActivity);
    }
    Ok(())
}

/// What the form of one expectation's value must be, beyond its JSON type.
fn validate_expectation(e: &Expectation) -> Result<(), InvalidCase> {
    match e {
        Expectation::AnswerShape(text) => answer_shape_is_json(Some(text)),
        Expectation::StatusClass(class) => {
            let ok = class.len() == 3
                && class.ends_with("xx")
                && class.starts_with(['1', '2', '3', '4', '5']);
            match ok {
                true => Ok(()),
                false => Err(InvalidCase::StatusClass(class.clone())),
            }
        }
        _ => e
            .assertions()
            .iter()
            .try_for_each(|(_, predicate)| match predicate {
                Predicate::Matches(pattern) => {
                    regex::Regex::new(pattern)
                        .map(|_| ())
                        .map_err(|e| InvalidCase::Pattern {
                            pattern: pattern.clone(),
                            why: e.to_string(),
                        })
                }
                _ => Ok(()),
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_file_of_fixtures_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cases");
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".toml") {
                let path = format!("fixtures/cases/{name}");
                assert!(
                    BUILTIN.iter().any(|(p, _)| *p == path),
                    "{path} is not in BUILTIN: a case file there is part of the suite"
                );
            }
        }
    }

    #[test]
    fn the_builtin_suite_loads() {
        let cases = builtin().unwrap();
        assert!(!cases.is_empty());
    }

    fn err(text: &str) -> String {
        parse("x.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_file_and_line() {
        let syntax = err("[[case]]\nid = \"a\"\noperation = \n");
        assert!(syntax.starts_with("x.toml:3:"), "{syntax}");
        let unknown_key = err("[[case]]\nid = \"a\"\nopration = \"X\"\n");
        assert!(unknown_key.starts_with("x.toml:"), "{unknown_key}");
        assert!(unknown_key.contains("opration"), "{unknown_key}");
        let text = "\n\n[[case]]\nid = \"c1\"\noperation = \"Nope\"\nsource = \"s\"\n[[case.check]]\nstatus = 200\n";
        let bad_op = err(text);
        assert!(
            bad_op.starts_with("x.toml:4: case c1: unknown operation"),
            "{bad_op}"
        );
    }

    #[test]
    fn semantic_errors_are_caught() {
        let base = "[[case]]\nid = \"c\"\noperation = \"RequestCancelWorkflowExecution\"\nsource = \"s\"\n";
        assert!(err(base).contains("needs at least one"), "{}", err(base));
        let tpl = format!(
            "{base}request.body = {{ domain = \"${{nope}}\" }}\n[[case.check]]\nstatus = 200\n"
        );
        assert!(err(&tpl).contains("unknown value ${nope}"), "{}", err(&tpl));
        let hist = format!("{base}[[case.check]]\nhistory = {{ consecutive_ids = true }}\n");
        assert!(err(&hist).contains("need a setup"), "{}", err(&hist));
        let holds = format!(
            "{base}[[case.check]]\narray_holds = {{ domainInfos = {{ name = \"${{nope}}\" }} }}\n"
        );
        assert!(
            err(&holds).contains("unknown value ${nope}"),
            "{}",
            err(&holds)
        );
        let empty = format!("{base}[[case.check]]\nlevel = \"must\"\n");
        assert!(err(&empty).contains("no expectation"), "{}", err(&empty));
        let shape = format!("{base}[[case.check]]\nanswer_shape = '{{\"a\": '\n");
        assert!(
            err(&shape).contains("answer_shape is not JSON"),
            "{}",
            err(&shape)
        );
        let step = format!(
            "{base}[[case.check]]\nstatus = 200\n[[case.step]]\noperation = \"ListDomains\"\nanswer_shape = 'x'\n"
        );
        assert!(
            err(&step).contains("answer_shape is not JSON"),
            "{}",
            err(&step)
        );
    }

    #[test]
    fn every_case_that_may_succeed_holds_its_answer_to_the_model() {
        let base = "[[case]]\nid = \"c\"\noperation = \"DescribeDomain\"\nsource = \"s\"\n";
        let names = |text: &str| -> Vec<String> {
            let case = parse("x.toml", text).unwrap().remove(0);
            case.checks.iter().map(|c| c.id_in(&case.id)).collect()
        };
        let ok = names(&format!("{base}[[case.check]]\nstatus = 200\n"));
        assert_eq!(
            ok,
            [
                "c",
                "c/output",
                "c/output-constraints",
                "c/output-undocumented"
            ]
        );
        // A fault, or an operation without output, gets none.
        let fault = names(&format!("{base}[[case.check]]\nstatus = 400\n"));
        assert_eq!(fault, ["c"]);
        let rcwe = base.replace("DescribeDomain", "RequestCancelWorkflowExecution");
        assert_eq!(
            names(&format!("{rcwe}[[case.check]]\nstatus = 200\n")),
            ["c"]
        );
        // A case's own output check (with its own source) is kept, the others added.
        let own = names(&format!(
            "{base}[[case.check]]\nstatus = 200\n[[case.check]]\nname = \"output\"\noutput_shape = true\nsource = \"mine\"\n"
        ));
        assert_eq!(
            own,
            [
                "c",
                "c/output",
                "c/output-constraints",
                "c/output-undocumented"
            ]
        );
        let taken = format!("{base}[[case.check]]\nname = \"output\"\nstatus = 200\n");
        assert!(
            err(&taken).contains("is one the loader adds"),
            "{}",
            err(&taken)
        );
    }
}
