//! A `console` block as a reader sees it: `$ command` lines, each followed by what it prints
//! on stdout. A command ending in ` &` runs in the background for the rest of its document
//! (a `swfcheck serve`), printing nothing the block shows.

use super::Block;

/// One documented command and the output the document shows for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// The command line as bash reads it (continuation lines joined with their newlines).
    pub line: String,
    /// Whether it ends in ` &`: started in the background, its output not shown.
    pub background: bool,
    /// The 1-based line of the document where the command starts.
    pub at: usize,
    /// The lines of the document that show its output: `first..first + expected.len()`.
    pub first_output: usize,
    /// The output shown (stdout), with wildcards: `[..]` within a line, `...` for lines.
    pub expected: Vec<String>,
}

/// The commands of a `console` block, in order.
pub fn commands(block: &Block) -> Vec<Command> {
    let mut out: Vec<Command> = Vec::new();
    let mut lines = block.lines.iter().enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        let at = block.line + 1 + i;
        let Some(start) = line.strip_prefix("$ ") else {
            if let Some(last) = out.last_mut() {
                last.expected.push(line.clone());
            }
            continue;
        };
        let mut text = start.to_owned();
        while text.ends_with('\\') {
            match lines.next() {
                Some((_, next)) => {
                    text.push('\n');
                    text.push_str(next);
                }
                None => break,
            }
        }
        let background = text.trim_end().ends_with(" &");
        let line = match background {
            true => text.trim_end().trim_end_matches('&').trim_end().to_owned(),
            false => text,
        };
        let continuation = line.matches('\n').count();
        out.push(Command {
            line,
            background,
            at,
            first_output: at + continuation + 1,
            expected: Vec::new(),
        });
    }
    out
}
