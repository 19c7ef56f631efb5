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

# Each package is built on its own, as `cargo run --release -p <package>` builds it: a workspace
# build unifies dependency features across packages (tokio's IO driver, for one, starts in every
# tokio program once any member asks for `net`), so it would time a binary unlike the one a
# reader runs. Cargo's workspace-wide unification (`resolver.feature-unification`) is unstable
# in the toolchain here. What that costs, measured on a fresh clone of the 2-core machine
# (2026-11-29, sources already downloaded, quiet): 6.3 minutes this way; one workspace build
# takes 3.6, compiling 215 units where these builds compile 300 (tokio 11 times and `workloads`
# 12, each with the features its programs ask for). Fewer invocations would not help: building
# the packages whose shared dependencies agree together, in 19 invocations, took 6.2 minutes,
# since cargo already reuses every identical unit. A line per package says where the build is;
# cargo shows its progress.
build: ## Build every program in release mode, each package as `cargo run -p` builds it
	@set -e; total=$$(ls -d crates/*/ | wc -l); n=0; \
	for dir in crates/*/; do \
	  n=$$((n + 1)); package=$$(basename "$$dir"); \
	  echo "make build [$$n/$$total] $$package"; \
	  $(CARGO) build --release -p "$$package"; \
	done

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
