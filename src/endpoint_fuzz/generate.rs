//! Requests for the fuzzer: structured ones (every member in or out of its
//! constraints), byte-mutated bodies, and mutated headers, targets and encodings.

use crate::generate::structured::StructuredRequest;
use crate::model::swf;
use crate::outcome::{Outgoing, exchange::JSON_1_0};
use crate::wire::target::LONG_TARGET_NAMESPACE;
use arbitrary::Unstructured;
use rand::Rng;
use rand::rngs::SmallRng;

/// Long polls legitimately wait up to 60 s for a task: never sent, so that a wait is
/// never mistaken for a hang.
pub const SKIPPED: [&str; 2] = ["PollForDecisionTask", "PollForActivityTask"];

/// Byte strings that often break JSON parsers.
const TOKENS: [&[u8]; 12] = [
    b"{",
    b"}",
    b"\"",
    b"\\u0000",
    b"\\ud800",
    b"1e999",
    b"-0",
    b"[]",
    b"null",
    b"\xff\xfe",
    b"\"\":",
    b"[[[[[[[[[[",
];

const CONTENT_TYPES: [Option<&str>; 7] = [
    Some(JSON_1_0),
    Some("application/json"),
    Some("application/json; charset=UTF-8"),
    Some("text/plain"),
    Some("application/x-amz-json-1.0; charset=latin1"),
    Some(""),
    None,
];

fn structured(rng: &mut SmallRng) -> (String, Vec<u8>) {
    let mut seed = vec![0u8; rng.random_range(16..1024)];
    rng.fill(&mut seed[..]);
    let ops: Vec<_> = swf()
        .operations
        .iter()
        .filter(|o| !SKIPPED.contains(&o.name.as_str()))
        .collect();
    let op = ops[rng.random_range(0..ops.len())];
    let mut u = Unstructured::new(&seed);
    match StructuredRequest::build(op, &mut u) {
        Ok(req) => (op.name.clone(), req.body_bytes()),
        Err(_) => (op.name.clone(), b"{}".to_vec()),
    }
}

fn mutate(rng: &mut SmallRng, body: &mut Vec<u8>) {
    for _ in 0..rng.random_range(1..=4) {
        let at = if body.is_empty() {
            0
        } else {
            rng.random_range(0..body.len())
        };
        match rng.random_range(0..6) {
            0 if !body.is_empty() => body[at] ^= 1 << rng.random_range(0..8),
            1 => body.insert(at, rng.random()),
            2 if !body.is_empty() => {
                let end = (at + rng.random_range(1..16)).min(body.len());
                body.drain(at..end);
            }
            3 => body.truncate(at),
            4 => {
                let token = TOKENS[rng.random_range(0..TOKENS.len())];
                body.splice(at..at, token.iter().copied());
            }
            _ => {
                let end = (at + rng.random_range(1..32)).min(body.len());
                let copy = body[at..end].to_vec();
                body.splice(at..at, copy);
            }
        }
    }
}

/// One request: half structured, a third byte-mutated, the rest with odd headers.
pub fn request(rng: &mut SmallRng) -> Outgoing {
    let prefix = &swf().target_prefix;
    let (op, mut body) = structured(rng);
    let mut out = Outgoing::operation(prefix, &op, Vec::new());
    match rng.random_range(0..6) {
        0..=2 => {}
        3 | 4 => mutate(rng, &mut body),
        _ => {
            let target = match rng.random_range(0..6) {
                0 => Some(format!("{prefix}.NoSuchOperation")),
                // The long form boto 2.x sends (SWF-WIRE.md §7).
                5 => Some(format!("{LONG_TARGET_NAMESPACE}{prefix}.{op}")),
                1 => Some(format!("{prefix}.{}", op.to_ascii_lowercase())),
                2 => Some(prefix.clone()),
                3 => None,
                _ => Some(format!("{prefix}.{op}")),
            };
            out.headers
                .retain(|(k, _)| k != "X-Amz-Target" && k != "Content-Type");
            if let Some(t) = target {
                out.headers.push(("X-Amz-Target".into(), t));
            }
            if let Some(ct) = CONTENT_TYPES[rng.random_range(0..CONTENT_TYPES.len())] {
                out.headers.push(("Content-Type".into(), ct.into()));
            }
            match rng.random_range(0..10) {
                0 | 1 => out.headers.push(("Content-Encoding".into(), "gzip".into())),
                // boto 2.x's encoding name (SWF-WIRE.md §7).
                2 | 3 => out
                    .headers
                    .push(("Content-Encoding".into(), "amz-1.0".into())),
                _ => {}
            }
        }
    }
    out.body = body;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// boto 2.x's forms (SWF-WIRE.md §7) are among what the fuzzer sends.
    #[test]
    fn the_long_target_and_boto2_headers_are_generated() {
        let mut rng = SmallRng::seed_from_u64(7);
        let (mut long, mut encoding, mut charset) = (0, 0, 0);
        for _ in 0..2000 {
            let out = request(&mut rng);
            let has = |k: &str, pred: &dyn Fn(&str) -> bool| {
                out.headers.iter().any(|(n, v)| n == k && pred(v))
            };
            long += usize::from(has("X-Amz-Target", &|v| {
                v.starts_with(LONG_TARGET_NAMESPACE)
            }));
            encoding += usize::from(has("Content-Encoding", &|v| v == "amz-1.0"));
            charset += usize::from(has("Content-Type", &|v| v.ends_with("charset=UTF-8")));
        }
        assert!(
            long > 10 && encoding > 10 && charset > 10,
            "{long} {encoding} {charset}"
        );
    }
}
