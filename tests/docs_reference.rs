//! The reference pages are held to the code, and every command line the documents show to
//! the command line the program takes:
//! - docs/src/reference/cli.md is the program's own `--help` for every command (generated:
//!   `SWFCHECK_DOCS_UPDATE=1 cargo test --test docs_reference` writes it again);
//! - every `swfcheck COMMAND --option` in a code block or code span of a document names a
//!   command and options that exist;
//! - docs/src/reference/case-file.md names every key, setup, query and predicate the loader
//!   takes (the lists come from the loader's own refusals), and its TOML examples load;
//! - a block marked `file=PATH` shows a part of PATH as it is.

mod docs_support;

use docs_support::{blocks, documents, root, shown};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn swfcheck(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(args)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The subcommands a help text lists (its `Commands:` section), `help` left out.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

/// Every command path (`["run"]`, `["clock", "advance"]`) with its `--help` text.
fn command_tree() -> BTreeMap<Vec<String>, String> {
    let mut out = BTreeMap::new();
    let mut todo = vec![vec![]];
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = swfcheck(&args);
        for sub in subcommands(&help) {
            let mut next = path.clone();
            next.push(sub);
            todo.push(next);
        }
        out.insert(path, help);
    }
    out
}

/// The CLI reference page, from the program's help.
fn cli_page(tree: &BTreeMap<Vec<String>, String>) -> String {
    let mut page = String::from(
        "# Command line\n\nEvery command's `--help`, as the program prints it. This page is \
         generated: `SWFCHECK_DOCS_UPDATE=1 cargo test --test docs_reference` writes it again, \
         and the test fails when it differs from the program.\n",
    );
    let mut order: Vec<&Vec<String>> = tree.keys().collect();
    let top = subcommands(&tree[&vec![]]);
    order.sort_by_key(|p| {
        let at = p.first().and_then(|c| top.iter().position(|t| t == c));
        (at, (*p).clone())
    });
    for path in order {
        let name = std::iter::once("swfcheck".to_owned())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        let heading = "#".repeat(2 + path.len().saturating_sub(1));
        page.push_str(&format!(
            "\n{heading} `{name}`\n\n```text\n$ {name} --help\n{}```\n",
            tree[path]
        ));
    }
    page
}

#[test]
fn the_cli_reference_is_the_programs_own_help() {
    let path = root().join("docs/src/reference/cli.md");
    let page = cli_page(&command_tree());
    if std::env::var_os("SWFCHECK_DOCS_UPDATE").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == page,
        "docs/src/reference/cli.md is not the program's help: \
         SWFCHECK_DOCS_UPDATE=1 cargo test --test docs_reference writes it again"
    );
}

/// The code spans of a Markdown text, and the lines of its code blocks that are commands (a
/// `console` block's `$` lines; every line of shell, YAML and unmarked blocks).
fn command_texts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in blocks(text) {
        match block.language() {
            "text" | "python" | "toml" | "json" | "rust" => {}
            "console" => out.extend(
                block
                    .lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("$ "))
                    .map(str::to_owned),
            ),
            _ => out.extend(block.lines.iter().cloned()),
        }
    }
    let mut in_block = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            out.extend(line.split('`').skip(1).step_by(2).map(str::to_owned));
        }
    }
    out
}

/// The `swfcheck` invocations in a command text: the words after `swfcheck` (or `cargo run
/// [--release] --`) up to the end of the shell command.
fn invocations(text: &str) -> Vec<Vec<String>> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let start = match *w {
            "swfcheck" => i + 1,
            "--" if i >= 2 && words[..i].contains(&"run") && words[..i].contains(&"cargo") => i + 1,
            _ => continue,
        };
        let args: Vec<String> = words[start..]
            .iter()
            .take_while(|w| !["|", ";", "&&", "||", "&", "#", ">", "2>", "<", ")"].contains(w))
            .map(|w| w.trim_end_matches([';', ')']).to_owned())
            .collect();
        let is_command = args.first().is_some_and(|a| {
            a.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !a.starts_with('-')
        });
        if is_command {
            out.push(args);
        }
    }
    out
}

/// What is wrong with one invocation: an unknown command or option.
fn wrong(args: &[String], tree: &BTreeMap<Vec<String>, String>) -> Option<String> {
    let mut path: Vec<String> = Vec::new();
    for a in args.iter().take_while(|a| !a.starts_with('-')) {
        let mut next = path.clone();
        next.push(a.clone());
        match tree.contains_key(&next) {
            true => path = next,
            false if path.is_empty() => return Some(format!("no command `{a}`")),
            false => break,
        }
    }
    let help = &tree[&path];
    for a in args.iter().filter(|a| a.starts_with('-')) {
        let flag = a.split('=').next().unwrap_or(a).trim_matches(['\'', '"']);
        let known = help.contains(&format!("{flag} "))
            || help.contains(&format!("{flag},"))
            || help.contains(&format!("{flag}\n"));
        if !known && flag.len() > 1 && flag != "--" {
            return Some(format!(
                "`swfcheck {}` has no option `{flag}`",
                path.join(" ")
            ));
        }
    }
    None
}

#[test]
fn every_command_line_the_documents_show_names_a_command_and_options_that_exist() {
    let tree = command_tree();
    let mut bad = BTreeSet::new();
    let mut seen = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for t in command_texts(&text) {
            for args in invocations(&t) {
                seen += 1;
                if let Some(why) = wrong(&args, &tree) {
                    bad.insert(format!(
                        "{}: {why}: swfcheck {}",
                        shown(&doc),
                        args.join(" ")
                    ));
                }
            }
        }
    }
    assert!(
        seen > 50,
        "only {seen} command lines found: is the scan broken?"
    );
    let bad: Vec<String> = bad.into_iter().collect();
    assert!(
        bad.is_empty(),
        "command lines the program does not take:\n{}",
        bad.join("\n")
    );
}

#[test]
fn a_command_line_with_an_unknown_command_or_option_is_caught() {
    let tree = command_tree();
    let check = |t: &str| invocations(t).first().and_then(|a| wrong(a, &tree));
    assert_eq!(check("swfcheck run --case 'x/*' -v | tail"), None);
    assert_eq!(
        check("cargo run --release -- clock advance 1d --endpoint U"),
        None
    );
    assert_eq!(
        check("swfcheck frobnicate"),
        Some("no command `frobnicate`".into())
    );
    let unknown = check("$ swfcheck run --cases x --no-such-flag; echo");
    assert_eq!(
        unknown,
        Some("`swfcheck run` has no option `--no-such-flag`".into())
    );
    assert!(invocations("swfcheck: 5 checks, swfcheck-conformance").is_empty());
}

/// The names a serde refusal lists: "expected one of `a`, `b`" (or "expected `a` or `b`").
fn expected_names(error: &str) -> Vec<String> {
    let Some(at) = error.find("expected") else {
        return Vec::new();
    };
    error[at..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// Every name a case file may write, from the loader's refusals of a name it does not know.
fn loader_names() -> BTreeMap<&'static str, Vec<String>> {
    let refusal = |toml: &str| match swfcheck::cases::file::parse("names.toml", toml) {
        Ok(_) => panic!("the loader took an unknown name: {toml}"),
        Err(e) => expected_names(&e.to_string()),
    };
    let case = |extra: &str, check: &str| {
        format!(
            "[[case]]\nid = \"x\"\noperation = \"DescribeDomain\"\nsource = \"s\"\n{extra}\ncheck = [{check}]\n"
        )
    };
    let ok = "{ status = 200 }";
    BTreeMap::from([
        ("case keys", refusal(&case("nonsense = 1", ok))),
        ("setups", refusal(&case("setup = \"nonsense\"", ok))),
        ("then", refusal(&case("then = \"nonsense\"", ok))),
        ("request keys", refusal(&case("request.nonsense = 1", ok))),
        (
            "step keys",
            refusal(&(case("", ok) + "[[case.step]]\nnonsense = 1\n")),
        ),
        (
            "decide keys",
            refusal(&(case("", ok) + "[[case.step]]\ndecide = { nonsense = 1 }\n")),
        ),
        ("expectations", refusal(&case("", "{ nonsense = 1 }"))),
        (
            "history keys",
            refusal(&case("", "{ history = { nonsense = 1 } }")),
        ),
        (
            "of",
            refusal(&case("", "{ status = 200, of = \"nonsense\" }")),
        ),
        (
            "queries",
            refusal(&case(
                "",
                "{ assert = [{ query = \"nonsense\", predicate = \"exists\" }] }",
            )),
        ),
        (
            "predicates",
            refusal(&case(
                "",
                "{ assert = [{ query = \"status\", predicate = \"nonsense\" }] }",
            )),
        ),
    ])
}

/// The words of a Markdown text's code spans and code blocks.
fn code_words(text: &str) -> BTreeSet<String> {
    let mut code: Vec<String> = blocks(text).into_iter().flat_map(|b| b.lines).collect();
    code.extend(
        text.lines()
            .flat_map(|l| l.split('`').skip(1).step_by(2).map(str::to_owned)),
    );
    code.iter()
        .flat_map(|l| {
            l.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_case_file_reference_names_everything_the_loader_takes() {
    let page = std::fs::read_to_string(root().join("docs/src/reference/case-file.md")).unwrap();
    let words = code_words(&page);
    let mut missing = Vec::new();
    for (what, names) in loader_names() {
        assert!(
            names.len() > 1,
            "no names read from the loader's refusal of {what}"
        );
        for n in names.iter().filter(|n| !words.contains(*n)) {
            missing.push(format!("{what}: `{n}`"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/src/reference/case-file.md does not name:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_case_file_references_examples_load() {
    let page = std::fs::read_to_string(root().join("docs/src/reference/case-file.md")).unwrap();
    let examples: Vec<String> = blocks(&page)
        .into_iter()
        .filter(|b| b.language() == "toml")
        .map(|b| b.lines.join("\n"))
        .collect();
    assert!(examples.len() >= 3);
    for text in examples {
        let loaded = swfcheck::cases::file::parse("case-file.md", &text);
        assert!(
            loaded.is_ok(),
            "an example does not load: {loaded:?}\n{text}"
        );
    }
}

#[test]
fn a_block_marked_with_a_file_shows_that_file_as_it_is() {
    let mut checked = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for block in blocks(&text) {
            let Some(path) = block
                .info
                .split_whitespace()
                .find_map(|w| w.strip_prefix("file="))
            else {
                continue;
            };
            let file = std::fs::read_to_string(root().join(path)).unwrap_or_default();
            let shown_text = block.lines.join("\n");
            assert!(
                !shown_text.trim().is_empty() && file.contains(&shown_text),
                "{}:{}: the block is not a part of {path} as it is now",
                shown(&doc),
                block.line
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} blocks marked file=");
}
