//! The registry agrees with the workspace and with itself.

use super::*;
use std::collections::BTreeSet;

mod rows;

#[test]
fn experiments_are_uniquely_named_and_consistent() {
    let mut names = BTreeSet::new();
    for (workload, experiment) in all() {
        // What `Experiment::DEFAULT` leaves as placeholders, every entry must say.
        assert!(
            !experiment.name.is_empty(),
            "an experiment of {} has no name",
            workload.name
        );
        assert!(
            !experiment.caption.is_empty(),
            "{}: no caption",
            experiment.name
        );
        assert!(
            !experiment.ideal.formula.is_empty(),
            "{}: no ideal",
            experiment.name
        );
        assert!(names.insert(experiment.name), "{} twice", experiment.name);
        assert!(
            experiment.name == workload.name
                || experiment.name.starts_with(&format!("{}-", workload.name)),
            "{} is not named after its workload",
            experiment.name
        );
        let flags = experiment.flags(experiment.levels(false)[0], false, 2);
        for skip in experiment.skips {
            assert!(
                workload.rows.iter().any(|r| r.model == skip.model),
                "{}: skip names a model with no row: {}",
                experiment.name,
                skip.model
            );
            assert!(
                flags.iter().any(|(name, _)| name == skip.flag),
                "{}: skip bounds no flag: {}",
                experiment.name,
                skip.flag
            );
        }
        for (row, _) in experiment.row_runs {
            assert!(
                workload.rows.iter().any(|r| r.model == *row),
                "{}: row_runs names a model with no row: {row}",
                experiment.name
            );
        }
        let own = experiment.row_runs.iter().map(|(_, runs)| *runs);
        for runs in [experiment.runs, experiment.quick_runs]
            .into_iter()
            .chain(own)
        {
            assert!(
                runs.min >= 1 && runs.min <= runs.max,
                "{}: {runs:?}",
                experiment.name
            );
        }
        if let Some(sweep) = &experiment.sweep {
            assert!(!sweep.levels.is_empty() && !sweep.quick_levels.is_empty());
            assert!(
                sweep.levels.windows(2).all(|w| w[0] < w[1]),
                "{}",
                experiment.name
            );
        }
    }
    assert_eq!(
        all().filter(|(_, e)| e.is_single()).count(),
        WORKLOADS.len(),
        "every workload has one single run, its column in the summary"
    );
}

#[test]
fn every_point_has_flags_a_caption_and_an_expected_line() {
    for (workload, experiment) in all() {
        for quick in [true, false] {
            for level in experiment.levels(quick) {
                let flags = experiment.flags(level, quick, 2);
                let mut values = flags.clone();
                values.push(("latency-ms".into(), workloads::site::DEFAULT_LATENCY_MS));
                values.push(("cores".into(), 2));
                let caption = fill(experiment.caption, &values).unwrap();
                assert!(!caption.contains('{'), "{caption}");
                if let Some(sweep) = &experiment.sweep {
                    for (name, factor) in sweep.sets {
                        let value = flags.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
                        assert_eq!(value, level.map(|l| l * factor), "{}", experiment.name);
                    }
                }
                // The expected line is cheap only in QUICK; the full levels are checked by the
                // bench itself before it times anything.
                if quick {
                    for row in workload.rows {
                        let expected = (workload.expected)(&arguments(&flags), row).unwrap();
                        assert!(expected.contains('='), "{expected}");
                    }
                }
            }
        }
    }
}

#[test]
fn flags_and_captions_are_worked_out_as_declared() {
    let (_, scaling) = Experiment::named("download-scaling").unwrap();
    assert_eq!(
        scaling.flags(Some(1000), false, 2),
        [
            ("requests".to_string(), 2000),
            ("concurrency".to_string(), 1000)
        ]
    );
    let (_, fib) = Experiment::named("fib").unwrap();
    let flags = fib.flags(None, true, 4);
    assert_eq!(
        arguments(&flags),
        ["--n", "30", "--count", "8", "--workers", "4"]
    );
    let rows = super::download::WORKLOAD.rows;
    let sequential = rows.iter().find(|r| r.model == Model::Sequential).unwrap();
    assert!(
        scaling
            .skip(sequential, &scaling.flags(Some(1000), false, 2))
            .is_some()
    );
    assert!(
        scaling
            .skip(sequential, &scaling.flags(Some(100), false, 2))
            .is_none()
    );
    // A skip reads the flag's value, so it applies to a single run too.
    let (_, sleep) = Experiment::named("sleep").unwrap();
    let rows = super::sleep::WORKLOAD.rows;
    let pool = rows.iter().find(|r| r.model == Model::Pool).unwrap();
    assert!(sleep.skip(pool, &sleep.flags(None, false, 2)).is_some());
    assert!(fill("{nothing}", &flags).is_err());
    assert_eq!(fill("n = {n}", &flags).unwrap(), "n = 30");
}

/// A point at these flags on 2 cores with the site at 50 ms, and nothing measured.
fn point_at(flags: &[(String, u64)]) -> Point<'_> {
    Point {
        flags,
        latency: 0.05,
        cores: 2,
        sequential: None,
        probe: None,
        floor: None,
        sleep: None,
    }
}

#[test]
fn ideals_follow_their_formulas() {
    let (_, download) = Experiment::named("download").unwrap();
    let flags = download.flags(None, false, 2);
    let point = point_at(&flags);
    assert_eq!((download.ideal.at)(&point), Some(0.05));
    assert_eq!((download.ideal.bound)(&point), Some("latency"));
    // Where the cores need longer than the round trips, the floor is the ideal, and says so.
    let busy = Point {
        floor: Some(0.6),
        ..point
    };
    assert_eq!((download.ideal.at)(&busy), Some(0.6));
    assert_eq!((download.ideal.bound)(&busy), Some("floor"));
    let idle = Point {
        floor: Some(0.01),
        ..point
    };
    assert_eq!((download.ideal.at)(&idle), Some(0.05));
    assert_eq!((download.ideal.bound)(&idle), Some("latency"));
    let (_, fib) = Experiment::named("fib").unwrap();
    let flags = fib.flags(None, false, 2);
    let point = Point {
        sequential: Some(10.0),
        ..point_at(&flags)
    };
    assert_eq!((fib.ideal.at)(&point), Some(5.0));
    let no_sequential = Point {
        sequential: None,
        ..point
    };
    assert_eq!((fib.ideal.at)(&no_sequential), None);

    // The overlap's ideal counts each item's work as what the row's timer waited, where it
    // was measured, and as X where it was not.
    let (_, overlap) = Experiment::named("queue-overlap").unwrap();
    let flags = overlap.flags(Some(100), false, 2);
    let point = point_at(&flags);
    let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
    assert!(close((overlap.ideal.at)(&point), 20_000.0 * 0.001 / 100.0));
    let rounded = Point {
        sleep: Some(0.002),
        ..point
    };
    assert!(close(
        (overlap.ideal.at)(&rounded),
        20_000.0 * 0.002 / 100.0
    ));

    // The crawl's ideal is the larger of its two bounds, and says which.
    let (_, crawl) = Experiment::named("crawl-scaling").unwrap();
    let shape = workloads::crawl::shape(1_000);
    let at = |concurrency: u64, probe: f64| {
        let flags = vec![
            ("pages".to_string(), 1_000),
            ("concurrency".to_string(), concurrency),
        ];
        let point = Point {
            probe: Some(probe),
            ..point_at(&flags)
        };
        (
            (crawl.ideal.at)(&point).unwrap(),
            (crawl.ideal.bound)(&point).unwrap(),
        )
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let (seconds, bound) = at(1, 0.0001);
    assert!(close(seconds, shape.fetches as f64 * 0.05) && bound == "fetches / C");
    let (seconds, bound) = at(1_000, 0.0001);
    assert!(close(seconds, shape.levels as f64 * 0.05) && bound == "levels");
    let (seconds, bound) = at(100, 0.0001);
    let rounds = workloads::crawl::rounds(1_000, 100);
    assert!(
        close(seconds, rounds as f64 * 0.05) && bound.starts_with("rounds"),
        "{bound}"
    );
    let (seconds, bound) = at(1_000, 0.01);
    assert_eq!(bound, "parse");
    assert!(close(seconds, 0.01 * shape.parsed as f64 / 2.0));
}

#[test]
fn expected_lines_come_from_the_workloads_crate() {
    let download = Workload::named("download").unwrap();
    let row = &download.rows[0];
    let line = (download.expected)(&["--requests".into(), "3".into()], row).unwrap();
    assert_eq!(line, workloads::download::expected(3).to_string());
    let fib = Workload::named("fib").unwrap();
    let flags = ["--n".into(), "20".into(), "--count".into(), "3".into()];
    let line = (fib.expected)(&flags, &fib.rows[0]).unwrap();
    assert_eq!(line, "n=20 count=3 sum=20295");
    assert!((fib.expected)(&["--n".into(), "99".into()], &fib.rows[0]).is_err());
    // How many waits a model holds at once is part of its line: a pool holds W, not N.
    let sleep = Workload::named("sleep").unwrap();
    let flags = [
        "--tasks".into(),
        "10".into(),
        "--workers".into(),
        "2".into(),
    ];
    let held = |model: Model| {
        let row = sleep.rows.iter().find(|r| r.model == model).unwrap();
        let line = (sleep.expected)(&flags, row).unwrap();
        line.rsplit_once("held=").unwrap().1.to_string()
    };
    assert_eq!(held(Model::Tokio), "10");
    assert_eq!(held(Model::Pool), "2");
    assert_eq!(held(Model::Sequential), "1");
}

#[test]
fn every_flag_the_registry_names_is_a_flag_of_its_workload() {
    for workload in WORKLOADS {
        let command = (workload.args)();
        let known = |name: &str| command.get_arguments().any(|a| a.get_long() == Some(name));
        for (_, experiment) in all().filter(|(w, _)| w.name == workload.name) {
            let mut named: Vec<&str> = Vec::new();
            named.extend(experiment.flags.iter().map(|(name, _)| *name));
            named.extend(experiment.quick_flags.iter().map(|(name, _)| *name));
            named.extend(experiment.skips.iter().map(|skip| skip.flag));
            named.extend(experiment.open_files);
            named.extend(experiment.rate.as_ref().map(|rate| rate.flag));
            named.extend(experiment.timers.as_ref().map(|timers| timers.flag));
            named.extend(workload.output);
            named.extend(workload.ignores.iter().map(|(_, flag)| *flag));
            if let Some(sweep) = &experiment.sweep {
                named.extend(sweep.sets.iter().map(|(name, _)| *name));
            }
            for derived in experiment.derived {
                if let Derived::MemoryPer { flag, .. } = derived {
                    named.push(flag);
                }
            }
            for name in named {
                assert!(
                    known(name),
                    "{}: --{name} is no flag of {}'s programs",
                    experiment.name,
                    workload.name
                );
            }
        }
    }
}

#[test]
fn a_caption_names_only_flags_the_latency_and_the_cores() {
    for (workload, experiment) in all() {
        let command = (workload.args)();
        let mut rest = experiment.caption;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect("closed") + open;
            let name = &rest[open + 1..close];
            let known = name == "latency-ms"
                || name == "cores"
                || command.get_arguments().any(|a| a.get_long() == Some(name));
            assert!(known, "{}: caption names {{{name}}}", experiment.name);
            rest = &rest[close + 1..];
        }
    }
}
