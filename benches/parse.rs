//! Parse + validate of the seed's sample request against `serde_json::from_slice`
//! into an equivalent derived struct (the goal: at most 1.5× the serde_json time).
//!
//! Run: `cargo bench --bench parse`; the ratio goes to BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use std::hint::black_box;
use swfcheck::wire::parse_request;

const SEED_SAMPLE: &[u8] =
    include_bytes!("../fixtures/requests/RequestCancelWorkflowExecution.seed-sample.json");
const TARGET: &str = "SimpleWorkflowService.RequestCancelWorkflowExecution";

/// What serde_json alone does: types, no constraints.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Derived {
    domain: String,
    #[serde(rename = "workflowId")]
    workflow_id: String,
    #[serde(rename = "runId")]
    run_id: Option<String>,
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed-sample");
    group.bench_function("swfcheck parse_request (parse + validate)", |b| {
        b.iter(|| {
            parse_request(
                black_box(Some(TARGET)),
                black_box(Some("application/x-amz-json-1.0")),
                black_box(SEED_SAMPLE),
            )
        })
    });
    group.bench_function("serde_json::from_slice into a derived struct", |b| {
        b.iter(|| serde_json::from_slice::<Derived>(black_box(SEED_SAMPLE)))
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
