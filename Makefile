# The front door. `make bench` is the main job, `make test` the tests; `make help` lists all.
# Only the Rust toolchain is assumed: hyperfine is built into .tools/ on first use, and the
# Python rows' virtual environment is made there from python/requirements.txt where python3
# (3.10 or newer) is on PATH; without it the Python rows are skipped, said on one line.

CARGO ?= cargo
# QUICK=1: a smaller, faster bench written to target/bench/quick, never over results/.
QUICK ?= 0
BENCH := target/release/bench
ifeq ($(QUICK),1)
BENCH_FLAGS := --quick
else
BENCH_FLAGS := --readme README.md
endif

.PHONY: help build test bench compare site hyperfine python clean-bench

help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z%-]+:.*## / { printf "  make %-24s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "  (QUICK=1 make bench: a short run into target/bench/quick; results/ is left alone)"
	@echo "  The experiments, each a make bench-<experiment>:"
	@if [ -x $(BENCH) ]; then $(BENCH) list | awk -F '\t' '{ printf "    make bench-%-18s %s\n", $$1, $$2 }'; \
	 else echo "    (run make build first to list them)"; fi

# Every binary must be the one `cargo run --release -p <package>` runs: one cargo invocation
# unifies dependency features across the packages it builds (tokio's IO driver, for one, would
# start in every tokio program once any asks for `net`), and the workspace-wide unification that
# would make a one-package build agree (`resolver.feature-unification`) is unstable in this
# toolchain. So `bench build` groups the packages whose shared dependencies have the same
# features (read with `cargo tree`) and builds each group in one invocation, with cargo's own
# progress; CI checks that a one-package build then finds nothing to redo.
build: ## Build every program in release mode, each as `cargo run --release -p` builds it
	@echo "make build: the bench first, then every package (bench build)"
	$(CARGO) build --release -p bench
	@$(BENCH) build --cargo $(CARGO)

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

hyperfine: build ## Install the pinned hyperfine into .tools/ unless a new enough one is on PATH
	$(BENCH) hyperfine

clean-bench: ## Remove the bench's staging and quick outputs (results/ stays)
	rm -rf target/bench
