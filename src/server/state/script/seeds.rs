//! The engine tests' scenarios written as scripts (each step: its tag byte and operands,
//! as `Step::read` reads them).

/// The engine tests' scenarios as scripts, by name: the seed corpus of the target.
pub fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    let start = |wf: u8, version: u8| vec![0, wf, version, 0];
    let poll = |list: u8| vec![1, list, 0];
    let respond = |task: u8, ds: &[&[u8]]| {
        let mut b = vec![2, task, ds.len() as u8, 0];
        for d in ds {
            b.extend_from_slice(d);
        }
        b
    };
    let advance = |i: u8| vec![9, i];
    let scripts: Vec<(&str, Vec<Vec<u8>>)> = vec![
        (
            "activity-completes",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[0, 0, 0, 0, 0]]),
                vec![3, 0],
                vec![4, 0, 0],
                poll(0),
                respond(1, &[&[2]]),
            ],
        ),
        (
            "activity-fails-then-fail",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[0, 1, 0, 0, 0]]),
                vec![3, 0],
                vec![4, 0, 1],
                poll(0),
                respond(1, &[&[3]]),
            ],
        ),
        (
            "activity-times-out",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[0, 0, 0, 0, 0]]),
                vec![3, 0],
                vec![5, 0, 1],
                advance(5),
                poll(0),
                respond(1, &[&[4]]),
            ],
        ),
        (
            "timers",
            vec![
                start(1, 0),
                poll(0),
                respond(0, &[&[7, 0, 3], &[7, 1, 2], &[7, 0, 3], &[8, 3]]),
                advance(3),
                poll(0),
                respond(1, &[&[8, 0]]),
            ],
        ),
        (
            "children",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[11, 0, 0], &[11, 4, 0], &[11, 1, 2]]),
                poll(0),
                respond(1, &[&[2]]),
                poll(0),
                respond(2, &[&[9, 0, 0], &[10, 1]]),
            ],
        ),
        (
            "continue-as-new",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[5, 1]]),
                poll(1),
                respond(1, &[&[5, 2]]),
                poll(1),
            ],
        ),
        (
            "unhandled-decision",
            vec![
                start(0, 0),
                poll(0),
                vec![6, 0],
                respond(0, &[&[2]]),
                poll(0),
                respond(1, &[&[2]]),
            ],
        ),
        (
            "cancel-lifecycle",
            vec![start(0, 0), vec![7, 0], poll(0), respond(0, &[&[4]])],
        ),
        (
            "terminate-with-children",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[11, 0, 0], &[11, 1, 0]]),
                vec![8, 0, 2],
                advance(8),
            ],
        ),
        (
            "decision-timeout",
            vec![
                start(0, 1),
                poll(1),
                advance(3),
                advance(3),
                poll(1),
                respond(1, &[&[12], &[6]]),
            ],
        ),
        (
            "deprecations-and-paging",
            vec![
                start(0, 0),
                vec![10, 0],
                vec![11, 1],
                poll(0),
                respond(0, &[&[6], &[6], &[6], &[0, 0, 1, 0, 0]]),
                vec![6, 0],
                vec![1, 0, 2],
                vec![12, 0, 1],
                vec![13, 0],
            ],
        ),
        (
            "malformed-list",
            vec![
                start(0, 0),
                poll(0),
                respond(0, &[&[2], &[6]]),
                respond(0, &[&[13, 0]]),
                respond(0, &[&[6]]),
            ],
        ),
    ];
    scripts
        .into_iter()
        .map(|(name, steps)| (name, steps.concat()))
        .collect()
}
