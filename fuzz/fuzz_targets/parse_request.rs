//! Arbitrary bytes as target, content type and body: `parse_request` never
//! panics, and every accepted request re-encodes and re-parses to the same value.
//!
//! Input layout (so that seed files stay readable):
//! - byte 0: the target. Below 0x80: operation `byte % 39` (`SimpleWorkflowService.<Op>`);
//!   0x80..=0xEF: operation `byte % 39` in the long form boto 2.x sends
//!   (`com.amazonaws.swf.service.model.SimpleWorkflowService.<Op>`); 0xF0..=0xF7: no target;
//!   0xF8..=0xFF: the target is the text up to the next NUL byte.
//! - byte 1: the Content-Type: `% 6` picks absent, application/x-amz-json-1.0,
//!   application/json, application/x-amz-json-1.1, text/plain, application/json; charset=UTF-8.
//! - the rest: the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use swfcheck::model::swf;
use swfcheck::wire::target::LONG_TARGET_NAMESPACE;
use swfcheck::wire::{parse_body, parse_request};

const CONTENT_TYPES: [Option<&str>; 6] = [
    None,
    Some("application/x-amz-json-1.0"),
    Some("application/json"),
    Some("application/x-amz-json-1.1"),
    Some("text/plain"),
    Some("application/json; charset=UTF-8"),
];

fuzz_target!(|data: &[u8]| {
    let [selector, ct, rest @ ..] = data else {
        return;
    };
    let model = swf();
    let (target, body): (Option<String>, &[u8]) = match *selector {
        0..=0x7F => {
            let op = &model.operations[usize::from(*selector) % model.operations.len()];
            (Some(model.target_of(op)), rest)
        }
        0x80..=0xEF => {
            let op = &model.operations[usize::from(*selector) % model.operations.len()];
            (Some(format!("{LONG_TARGET_NAMESPACE}{}", model.target_of(op))), rest)
        }
        0xF0..=0xF7 => (None, rest),
        _ => {
            let end = rest.iter().position(|b| *b == 0).unwrap_or(rest.len());
            let text = String::from_utf8_lossy(&rest[..end]).into_owned();
            (Some(text), rest.get(end + 1..).unwrap_or(&[]))
        }
    };
    let content_type = CONTENT_TYPES[usize::from(*ct) % CONTENT_TYPES.len()];
    match parse_request(target.as_deref(), content_type, body) {
        Ok(req) => {
            let again = parse_body(req.operation, &req.to_body());
            assert_eq!(again.as_ref(), Ok(&req), "re-encoded request differs");
        }
        Err(fault) => {
            // Every fault is a 4xx whose envelope is a JSON object with __type and message.
            assert!((400..500).contains(&fault.status()));
            let envelope: serde_json::Value =
                serde_json::from_slice(&fault.to_body()).expect("envelope is JSON");
            assert!(envelope["__type"].is_string() && envelope["message"].is_string());
        }
    }
});
