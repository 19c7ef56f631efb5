//! No code: this crate's dependencies (crates/workspace-hack/Cargo.toml, written by
//! cargo-hakari) carry the features the whole workspace asks for, and every member depends on
//! it, so that a one-package build resolves every dependency as the workspace build does and
//! `make build`'s one workspace build makes the binaries `cargo run --release -p` runs.
//! CONTRIBUTING.md, "Dependencies", says when to regenerate it.
