# The front door. `make bench` is the main job, `make test` the tests; `make help` lists all.
# Only the Rust toolchain is assumed: hyperfine is built into .tools/ on first use, and the
# Python rows' virtual environment is made there from python/requirements.txt where python3
# (3.11 or newer) is on PATH; without it the Python rows are skipped, said on one line.

CARGO ?= cargo
# QUICK=1: a smaller, faster bench written to target/bench/quick, never over results/.
QUICK ?= 0
BENCH := target/release/bench
ifeq ($(QUICK),1)
BENCH_FLAGS := --quick
else
BENCH_FLAGS := --readme README.md --docs docs
endif

.PHONY: help build test bench compare site hyperfine python python-free-threaded clean-bench

help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z%-]+:.*## / { printf "  make %-24s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "  (QUICK=1 make bench: a short run into target/bench/quick; results/ is left alone)"
	@echo "  The experiments, each a make bench-<experiment>:"
	@if [ -x $(BENCH) ]; then $(BENCH) list | awk -F '\t' '{ printf "    make bench-%-18s %s\n", $$1, $$2 }'; \
	 else echo "    (run make build first to list them)"; fi

# One workspace build, with cargo's parallelism and every shared dependency compiled once. It
# yields the very binaries `cargo run --release -p <package>` runs because every package asks
# for the same features of every dependency: `workloads` with all its features (declared once,
# in Cargo.toml), and every other dependency through crates/workspace-hack, which cargo-hakari
# writes with the union of what the members ask for (CONTRIBUTING says when to regenerate it;
# CI fails when a one-package build would rebuild anything). Unified, tokio is built with `net`
# for every tokio program, and `#[tokio::main]` would start the IO driver in each: the tokio
# rows that open no socket build their runtime with only the drivers they use
# (docs/fair-rows.md). Measured on a fresh clone of the 2-core machine (2026-11-30, commit
# 40322a8, sources already downloaded): 3.6 minutes, where building each package on its own
# took 6.3.
build: ## Build every program in release mode (one workspace build; cargo shows its progress)
	@echo "make build: cargo build --release --workspace (a first build takes a few minutes)"
	$(CARGO) build --release --workspace

test: ## Build everything and run every test (the Python programs' too, where there is Python)
	$(CARGO) build --workspace --bins
	@target/debug/bench python
	$(CARGO) test --workspace

bench: build ## Check and time every experiment into results/ (QUICK=1: target/bench/quick)
	$(BENCH) run $(BENCH_FLAGS)

bench-%: build ## Check and time one experiment (make help lists them); the others' results stay
	$(BENCH) run $(if $(filter 1,$(QUICK)),--quick) $*

# NEW is results/raw as it is now; OLD is results/raw as commit REF holds it (the last commit's
# reference unless told), or a raw folder given as OLD. OUT=file writes the report and a chart
# per experiment there instead of to the terminal.
REF ?= HEAD
compare: ## Compare a run with the committed reference (NEW=, OLD= or REF=, OUT= to choose)
	@$(CARGO) build --release --quiet -p bench
	$(BENCH) compare $(if $(OLD),$(OLD),--ref $(REF)) $(if $(NEW),$(NEW),results/raw) $(if $(OUT),--out $(OUT))

site: build ## Run the site in the foreground on the default port (Ctrl-C stops it)
	target/release/site

python: build ## Make the Python rows' virtual environment in .tools/python (make bench does it too)
	$(BENCH) python

# Never a prerequisite of bench or test: without it the -ft rows are skipped, said on one line.
python-free-threaded: ## Build free-threaded CPython 3.13 (and a default 3.13) into .tools/ for the -ft rows
	scripts/python-free-threaded

hyperfine: build ## Install the pinned hyperfine into .tools/ unless a new enough one is on PATH
	$(BENCH) hyperfine

clean-bench: ## Remove the bench's staging and quick outputs (results/ stays)
	rm -rf target/bench
