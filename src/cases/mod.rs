//! What a case is and how it is written: the [`case::Case`] type, its check tables
//! ([`check_table`]), the case-file loader ([`mod@file`], which also gives every case whose
//! answer may be a 2xx its output checks, [`output_checks`], and its meaning checks,
//! [`meaning_checks`]), and the template values case files use ([`template`]). Cases made
//! by program live in [`crate::generate`].

pub mod case;
pub mod check_table;
pub mod file;
pub mod invalid;
pub mod meaning_checks;
pub mod output_checks;
pub mod template;
