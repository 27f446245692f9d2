//! A compact byte script of calls and clock moves against the [`Engine`], for the
//! `decisions` fuzz target: every byte string is a script (a tag byte and a few
//! operand bytes per step, read with `arbitrary`'s [`Unstructured`]), every step
//! goes through the wire's validation as a real request would, and after each step
//! the engine's invariants must hold and no answer may be a 5xx. [`seeds`] are the
//! scenarios of the engine's tests as scripts (the target's seed corpus).

use super::decision_bytes::DECISIONS;
use super::invariants;
use super::runner::Runner;
use super::step_bytes::{RESPOND, STEPS};
use crate::server::state::Engine;
use arbitrary::Unstructured;

pub use super::seeds::seeds;

/// One step: a tag byte and its operands (see [`ScriptStep::read`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptStep(pub Vec<u8>);

impl ScriptStep {
    /// Reads one step; `None` when the script is over.
    pub fn read(u: &mut Unstructured<'_>) -> Option<ScriptStep> {
        if u.is_empty() {
            return None;
        }
        let tag = u.arbitrary::<u8>().ok()? % STEPS.len() as u8;
        let mut bytes = vec![tag];
        for _ in 0..STEPS[tag as usize].operands {
            bytes.push(u.arbitrary::<u8>().unwrap_or(0));
        }
        if tag == RESPOND {
            for _ in 0..bytes[2] % 6 {
                let d = u.arbitrary::<u8>().unwrap_or(0) % DECISIONS.len() as u8;
                bytes.push(d);
                for _ in 0..DECISIONS[d as usize].operands {
                    bytes.push(u.arbitrary::<u8>().unwrap_or(0));
                }
            }
        }
        Some(ScriptStep(bytes))
    }
}

/// Runs a script on a fresh engine; the first broken invariant or 5xx is the error.
pub fn run(data: &[u8]) -> Result<usize, String> {
    run_engine(data).map(|(steps, _)| steps)
}

/// [`run`], keeping the engine for a look at what the script did.
fn run_engine(data: &[u8]) -> Result<(usize, Engine), String> {
    let mut u = Unstructured::new(data);
    let mut runner = Runner::new()?;
    let mut count = 0;
    while let Some(step) = ScriptStep::read(&mut u) {
        carry_out(&mut runner, &step).map_err(|e| format!("step {count} {step:?}: {e}"))?;
        count += 1;
    }
    Ok((count, runner.into_engine()))
}

/// Carries out one step, then checks every invariant.
fn carry_out(runner: &mut Runner, step: &ScriptStep) -> Result<(), String> {
    (STEPS[step.0[0] as usize].run)(runner, &step.0)?;
    invariants::check(&runner.engine().view())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event type each seed must record somewhere: the seed does what it is named for.
    const REACHES: [(&str, &str); 12] = [
        ("activity-completes", "WorkflowExecutionCompleted"),
        ("activity-fails-then-fail", "WorkflowExecutionFailed"),
        ("activity-times-out", "ActivityTaskTimedOut"),
        ("timers", "TimerFired"),
        ("children", "ExternalWorkflowExecutionSignaled"),
        ("continue-as-new", "WorkflowExecutionContinuedAsNew"),
        ("unhandled-decision", "CompleteWorkflowExecutionFailed"),
        ("cancel-lifecycle", "WorkflowExecutionCanceled"),
        (
            "terminate-with-children",
            "WorkflowExecutionCancelRequested",
        ),
        ("decision-timeout", "StartLambdaFunctionFailed"),
        ("deprecations-and-paging", "ScheduleActivityTaskFailed"),
        ("malformed-list", "MarkerRecorded"),
    ];

    #[test]
    fn every_seed_runs_whole_keeps_the_invariants_and_reaches_its_event() {
        for (name, script) in seeds() {
            let (steps, engine) = run_engine(&script).unwrap_or_else(|e| panic!("{name}: {e}"));
            let reach = REACHES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .unwrap();
            let seen = engine
                .view()
                .executions()
                .flat_map(|e| e.events())
                .any(|e| e["eventType"] == reach);
            assert!(seen, "{name} never records {reach}");
            let mut u = Unstructured::new(&script);
            let mut read = 0;
            while ScriptStep::read(&mut u).is_some() {
                read += 1;
            }
            assert_eq!(steps, read, "{name}");
            assert!(steps >= 4, "{name}: {steps} steps");
        }
    }

    #[test]
    fn any_bytes_are_a_script() {
        for data in [
            &b""[..],
            b"\xff",
            b"\x02\x00\x05\x01\x0d\x00\x07",
            &[7u8; 64],
            &[2u8; 300],
        ] {
            run(data).unwrap();
        }
    }
}
