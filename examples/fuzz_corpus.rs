//! Writes the seed corpus of the `parse_request` fuzz target from the fixtures:
//! for every operation its valid samples (required members only, every member),
//! and the seed's sample request; and the `decisions` target's corpus, the engine
//! tests' scenarios as scripts (beside it, in `decisions/`). Usage:
//! `cargo run --example fuzz_corpus [DIR]` (default `fuzz/corpus/parse_request`).
//! File names are stable.

use std::path::PathBuf;
use swfcheck::generate::sample::{Fill, valid_value};
use swfcheck::model::swf;

const SEED_SAMPLE: &[u8] =
    include_bytes!("../fixtures/requests/RequestCancelWorkflowExecution.seed-sample.json");

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map_or_else(|| PathBuf::from("fuzz/corpus/parse_request"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    let mut written = 0;
    for (index, op) in swf().operations.iter().enumerate() {
        // Layout of fuzz/fuzz_targets/parse_request.rs: operation byte, content-type byte, body.
        let selector = u8::try_from(index).unwrap_or(0);
        for (fill, name) in [(Fill::Required, "required"), (Fill::Every, "every")] {
            let mut bytes = vec![selector, 1];
            bytes.extend(serde_json::to_vec(&valid_value(&op.input, fill))?);
            std::fs::write(dir.join(format!("{}-{name}", op.name)), bytes)?;
            written += 1;
        }
        if op.name == "StartWorkflowExecution" {
            // boto 2.x's long target, Content-Type and null tag (SWF-WIRE.md §7): the first
            // selector of the long-form range that lands on this operation.
            let long = (0x80..=0xEFu8).find(|b| usize::from(*b) % swf().operations.len() == index);
            if let Some(long) = long {
                let mut bytes = vec![long, 5];
                let body = serde_json::json!({"domain": "d", "workflowId": "w",
                    "workflowType": {"name": "n", "version": "1"}, "tagList": [null]});
                bytes.extend(serde_json::to_vec(&body)?);
                std::fs::write(dir.join("StartWorkflowExecution-boto2"), bytes)?;
                written += 1;
            }
        }
        if op.name == "RequestCancelWorkflowExecution" {
            let mut bytes = vec![selector, 2];
            bytes.extend_from_slice(SEED_SAMPLE);
            std::fs::write(
                dir.join("RequestCancelWorkflowExecution-seed-sample"),
                bytes,
            )?;
            written += 1;
        }
    }
    println!("fuzz_corpus: wrote {written} files to {}", dir.display());
    let scripts = dir.with_file_name("decisions");
    std::fs::create_dir_all(&scripts)?;
    let seeds = swfcheck::engine_fuzz::script::seeds();
    for (name, bytes) in &seeds {
        std::fs::write(scripts.join(name), bytes)?;
    }
    println!(
        "fuzz_corpus: wrote {} files to {}",
        seeds.len(),
        scripts.display()
    );
    Ok(())
}
