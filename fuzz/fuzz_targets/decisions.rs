//! Arbitrary scripts of decision lists, polls, signals, cancels, terminations and
//! clock moves applied to executions in the engine: nothing panics, no answer is a
//! 5xx, and after every step the history's invariants hold (consecutive event ids,
//! references to earlier events only, at most one decision task handed out,
//! openCounts equal to what the history says, every token names a task in hand).
#![no_main]

use libfuzzer_sys::fuzz_target;
use swfcheck::engine_fuzz::script;

fuzz_target!(|data: &[u8]| {
    if let Err(broken) = script::run(data) {
        panic!("{broken}");
    }
});
