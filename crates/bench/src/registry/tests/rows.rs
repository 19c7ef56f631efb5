//! The models and the rows: one list, a crate for every Rust row, a script for every Python
//! row, a sequential row for each language.

use super::super::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The crates that are not a workload's program.
const SUPPORT_CRATES: [&str; 6] = [
    "bench",
    "conformance",
    "site",
    "timers",
    "workloads",
    "workspace-hack",
];

/// The workspace's crates, by folder name.
fn crates() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_dir(dir)
        .expect("the crates folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Every Rust row of every workload.
fn registered() -> BTreeSet<String> {
    WORKLOADS.iter().flat_map(Workload::rust_programs).collect()
}

#[test]
fn every_program_crate_is_in_the_registry_and_every_row_has_a_crate() {
    let crates = crates();
    let registered = registered();
    let programs: BTreeSet<String> = crates
        .iter()
        .filter(|c| !SUPPORT_CRATES.contains(&c.as_str()))
        .cloned()
        .collect();
    let missing: Vec<_> = programs.difference(&registered).collect();
    assert!(missing.is_empty(), "crates the registry lacks: {missing:?}");
    let absent: Vec<_> = registered.difference(&programs).collect();
    assert!(absent.is_empty(), "registry rows with no crate: {absent:?}");
}

#[test]
fn the_check_fails_on_a_crate_the_registry_lacks() {
    // The check above compares two sets; a crate of a workload with no row must show in it.
    let mut crates = crates();
    crates.insert("download-rocket".into());
    let registered = registered();
    let programs: BTreeSet<&String> = crates
        .iter()
        .filter(|c| !SUPPORT_CRATES.contains(&c.as_str()))
        .collect();
    assert!(programs.iter().any(|c| !registered.contains(*c)));
}

#[test]
fn models_are_listed_once_in_table_order_with_unique_names() {
    // `Model::ALL` is the one list: in declaration order (which `rank` sorts by), every
    // variant once; each name is unique and leads back to its model.
    for (i, model) in Model::ALL.into_iter().enumerate() {
        assert_eq!(model as usize, i, "{model} is out of order in Model::ALL");
        assert_eq!(
            Model::named(model.name()),
            Some(model),
            "{model}'s name is not unique"
        );
    }
    assert_eq!(
        Model::ALL.len(),
        Model::PythonInterpreters as usize + 1,
        "the last model is listed"
    );
    // Control rows sit after their model's own row, as `with_controls` puts them.
    let rows = super::download::WORKLOAD.rows;
    let labels: Vec<String> = rows.iter().map(Row::label).collect();
    assert_eq!(labels[5..8], ["tokio", "tokio-reqwest", "tokio-current"]);
}

#[test]
fn rows_are_unique_with_one_sequential_row() {
    for workload in WORKLOADS {
        let mut labels = BTreeSet::new();
        for row in workload.rows {
            assert!(
                labels.insert(row.label()),
                "{}: {} twice",
                workload.name,
                row.label()
            );
        }
        assert_eq!(
            workload
                .rows
                .iter()
                .filter(|r| r.model == Model::Sequential && r.variant.is_none())
                .count(),
            1,
            "{}: every workload has one sequential row, the reference",
            workload.name
        );
    }
}

#[test]
fn every_python_program_is_a_row_and_every_python_row_has_a_program() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../python");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("the python folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".py") && name != "workloads.py")
        .collect();
    let scripts: BTreeSet<String> = WORKLOADS
        .iter()
        .flat_map(|w| w.rows.iter().filter_map(|r| r.script(w)))
        .collect();
    assert_eq!(
        files, scripts,
        "python/ and the registry's Python rows differ"
    );
    for workload in WORKLOADS {
        for row in workload.rows {
            let python = row.language() == Language::Python;
            assert_eq!(
                python,
                row.model.name().starts_with("python-"),
                "{}",
                row.label()
            );
            assert_eq!(python, row.script(workload).is_some(), "{}", row.label());
        }
    }
}

#[test]
fn each_language_of_a_workload_has_its_sequential_row() {
    // "vs sequential" and the ideals that start from the sequential time read it (a
    // free-threaded row's is the free-threaded sequential row).
    for workload in WORKLOADS {
        for row in workload.rows {
            let sequential = row.model.sequential();
            assert!(
                workload
                    .rows
                    .iter()
                    .any(|r| r.model == sequential && r.language() == row.language()),
                "{}: {} has no {sequential} row",
                workload.name,
                row.label()
            );
        }
    }
}

#[test]
fn every_control_row_says_what_it_changes() {
    for workload in WORKLOADS {
        for row in workload.rows {
            assert_eq!(
                row.variant.is_some(),
                !row.change.is_empty(),
                "{}: a control row names its change, a model's own row none",
                row.program(workload)
            );
        }
    }
}

#[test]
fn a_flag_a_model_ignores_is_ignored_by_a_model_with_a_row() {
    for workload in WORKLOADS {
        for (model, flag) in workload.ignores {
            assert!(
                workload.rows.iter().any(|r| r.model == *model),
                "{}: ignores names a model with no row: {model}",
                workload.name
            );
            assert!(!flag.is_empty(), "{}: an empty flag", workload.name);
        }
    }
}
