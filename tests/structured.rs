//! The fuzz properties, run in `cargo test` on deterministic pseudo-random input:
//! structured requests get exactly the predicted verdict, and every accepted
//! request re-encodes and re-parses to the same value.

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use swfcheck::generate::structured::{Expected, StructuredRequest};
use swfcheck::model::swf;
use swfcheck::wire::{parse_body, parse_request};

fn check_structured(req: &StructuredRequest) {
    let outcome = parse_body(req.operation, &req.body_bytes());
    match (req.expected_fault(), &outcome) {
        (None, Ok(parsed)) => {
            let again =
                parse_body(req.operation, &parsed.to_body()).expect("re-encoded request parses");
            assert_eq!(&again, parsed);
        }
        (Some((name, message)), Err(fault)) => {
            assert_eq!(fault.name(), name, "{} {}", req.operation.name, req.body);
            if let Some(message) = message {
                assert_eq!(
                    fault.message, message,
                    "{} {}",
                    req.operation.name, req.body
                );
            }
        }
        (want, got) => panic!(
            "{}: predicted {want:?}, validator said {got:?}\nbody: {}",
            req.operation.name, req.body
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn structured_requests_get_the_predicted_verdict(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut u = Unstructured::new(&bytes);
        if let Ok(req) = StructuredRequest::arbitrary(&mut u) {
            check_structured(&req);
        }
    }

    #[test]
    fn accepted_requests_round_trip(op in 0usize..39, body in "\\PC{0,200}") {
        let op = &swf().operations[op];
        let target = swf().target_of(op);
        if let Ok(req) = parse_request(Some(&target), None, body.as_bytes()) {
            prop_assert_eq!(parse_body(req.operation, &req.to_body()), Ok(req));
        }
    }
}

/// Every operation, and every kind of deliberate violation, is reached.
#[test]
fn the_builder_covers_every_operation_and_every_verdict() {
    let mut seen_ops = std::collections::BTreeSet::new();
    let (mut valid, mut serialization, mut violations) = (0, 0, 0);
    for seed in 0u32..4000 {
        let bytes: Vec<u8> = (0..512u32)
            .map(|i| {
                (seed
                    .wrapping_mul(2_654_435_761)
                    .wrapping_add(i.wrapping_mul(40_503))
                    >> 7) as u8
            })
            .collect();
        let mut u = Unstructured::new(&bytes);
        let Ok(req) = StructuredRequest::arbitrary(&mut u) else {
            continue;
        };
        check_structured(&req);
        seen_ops.insert(req.operation.name.clone());
        match req.expected {
            Expected::Valid => valid += 1,
            Expected::Serialization => serialization += 1,
            Expected::Violations(_) => violations += 1,
        }
    }
    assert_eq!(seen_ops.len(), 39);
    assert!(
        valid > 0 && serialization > 0 && violations > 0,
        "{valid} {serialization} {violations}"
    );
}
