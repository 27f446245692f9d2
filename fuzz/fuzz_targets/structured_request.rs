//! An `arbitrary`-built request for any of the 39 operations, each member
//! deliberately inside or outside its constraints: the validator's verdict
//! must equal the one the builder predicts (same fault, same message).
#![no_main]

use libfuzzer_sys::fuzz_target;
use swfcheck::generate::structured::StructuredRequest;
use swfcheck::wire::parse_body;

fuzz_target!(|req: StructuredRequest| {
    let outcome = parse_body(req.operation, &req.body_bytes());
    let agree = match (req.expected_fault(), &outcome) {
        (None, Ok(_)) => true,
        (Some((name, None)), Err(f)) => f.name() == name,
        (Some((name, Some(message))), Err(f)) => f.name() == name && f.message == message,
        _ => false,
    };
    assert!(
        agree,
        "{}: predicted {:?}, validator said {:?}\nbody: {}",
        req.operation.name,
        req.expected_fault(),
        outcome,
        req.body
    );
});
