//! Member paths as the service writes them in messages: `executionFilter.workflowId`,
//! `decisions.1.member.decisionType` (list elements count from 1).

use std::fmt;

/// A position in a request body, built on the stack while decoding.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The body itself.
    Root,
    /// A named member of a structure (or a key of a map).
    Member(&'a Path<'a>, &'a str),
    /// The element of a list at a zero-based index.
    Element(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of member `name` below this one.
    pub fn member(&'a self, name: &'a str) -> Path<'a> {
        Path::Member(self, name)
    }

    /// The path of list element `index` (zero-based) below this one.
    pub fn element(&'a self, index: usize) -> Path<'a> {
        Path::Element(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Element(Path::Root, i) => write!(f, "{}.member", i + 1),
            Path::Element(parent, i) => write!(f, "{parent}.{}.member", i + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_services_form() {
        let root = Path::Root;
        let decisions = root.member("decisions");
        let first = decisions.element(0);
        let kind = first.member("decisionType");
        assert_eq!(kind.to_string(), "decisions.1.member.decisionType");
        assert_eq!(root.member("domain").to_string(), "domain");
        assert_eq!(root.to_string(), "");
    }
}
