//! Every download program against a server that misbehaves: a redirect, a short body, a body
//! longer than it declared, a body that never ends. Each is one clear line and a non-zero exit,
//! never a result line, never a hang, and nothing reaches past the site it was given.

use conformance::{Misbehaviour, Rogue, programs, run_for};
use std::time::Duration;

/// How long a program may take against a rogue server: its request timeout (10 s) and more.
const LIMIT: Duration = Duration::from_secs(25);

/// Runs every download program against `rogue` and returns (program, stderr) per program,
/// after checking each failed with one line and printed no result.
fn every_program_fails(rogue: &Rogue, requests: &str) -> Vec<(String, String)> {
    let mut outcomes = Vec::new();
    for program in &programs("download") {
        let args = [
            "--url",
            &rogue.url,
            "--requests",
            requests,
            "--concurrency",
            "1",
        ];
        let out = run_for(program, &args, LIMIT);
        assert!(!out.status.success(), "{program} succeeded: {}", out.stdout);
        assert!(
            out.stdout.is_empty(),
            "{program} printed a result: {}",
            out.stdout
        );
        assert_eq!(out.stderr.lines().count(), 1, "{program}: {}", out.stderr);
        outcomes.push((program.clone(), out.stderr));
    }
    outcomes
}

#[test]
fn a_redirect_is_an_error_naming_where_it_pointed_and_is_never_followed() {
    // The redirect points at another listener on loopback: a program that followed it would
    // connect there. (No test ever points one past loopback.)
    let elsewhere = Rogue::start(Misbehaviour::ShortBody);
    let location = format!("{}/jython", elsewhere.url);
    let rogue = Rogue::start(Misbehaviour::Redirect(location.clone()));
    for (program, stderr) in every_program_fails(&rogue, "2") {
        assert!(stderr.contains("302"), "{program}: {stderr}");
        assert!(
            stderr.contains(&location),
            "{program} does not say where: {stderr}"
        );
    }
    assert_eq!(elsewhere.accepted(), 0, "a program followed the redirect");
}

#[test]
fn a_body_shorter_than_declared_is_an_error() {
    let rogue = Rogue::start(Misbehaviour::ShortBody);
    for (program, stderr) in every_program_fails(&rogue, "2") {
        assert!(stderr.contains("/jython"), "{program}: {stderr}");
    }
}

#[test]
fn a_body_longer_than_declared_is_an_error() {
    // The extra bytes sit where the next response should start on the kept-alive connection.
    let rogue = Rogue::start(Misbehaviour::LongerThanDeclared);
    for (program, stderr) in every_program_fails(&rogue, "4") {
        assert!(stderr.contains("/jython"), "{program}: {stderr}");
    }
}

#[test]
fn an_endless_body_stops_at_the_limit() {
    let limit = 64 * 1024 * 1024;
    let rogue = Rogue::start(Misbehaviour::Endless { limit });
    for (program, stderr) in every_program_fails(&rogue, "1") {
        let max = workloads::download::MAX_BODY.to_string();
        assert!(stderr.contains(&max), "{program} names no limit: {stderr}");
    }
}
