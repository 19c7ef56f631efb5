//! The timers probe measures every timer the programs sleep on, and no sleep waits less than
//! it asked for (what every one of these timers promises); bad flags are clap's errors.

use conformance::{assert_usage_errors, run};

#[test]
fn every_timer_is_measured_and_no_sleep_is_short() {
    let out = run(
        "timers",
        &["--us", "200", "--us", "1000", "--budget-ms", "10"],
    );
    assert!(out.status.success(), "timers: {}", out.stderr);
    let mut lines = out.stdout.lines();
    assert_eq!(lines.next(), Some("timer\tus\tsleeps\tmedian_us\tp99_us"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    let timers: Vec<&str> = rows.iter().map(|r| r[0]).collect();
    let every = [
        "std",
        "tokio",
        "tokio-current",
        "async-std",
        "smol",
        "compio",
    ];
    for timer in every {
        assert_eq!(timers.iter().filter(|t| **t == timer).count(), 2, "{timer}");
    }
    // Every timer a row of the registry sleeps on is one the probe measures.
    for model in bench::registry::Model::ALL {
        if let Some(timer) = model.about().timer {
            assert!(every.contains(&timer.name()), "{model}");
        }
    }
    for row in rows {
        let [_, us, sleeps, median, p99] = row[..] else {
            panic!("{row:?}: not five fields")
        };
        let number = |field: &str| field.parse::<f64>().expect("a number");
        assert!(number(sleeps) >= 50.0, "{row:?}: the fewest sleeps are 50");
        assert!(number(median) >= number(us), "{row:?}: a sleep ended early");
        assert!(number(p99) >= number(median), "{row:?}");
    }
}

#[test]
fn bad_flags_are_clap_errors() {
    let bad: [&[&str]; 5] = [
        &[],
        &["--us", "0"],
        &["--us", "2000000"],
        &["--us", "100", "--budget-ms", "5"],
        &["--us", "1_0"],
    ];
    assert_usage_errors(&["timers".to_string()], &bad);
}
