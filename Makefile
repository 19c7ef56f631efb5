# The front door. `make bench` is the main job, `make test` the tests; `make help` lists all.
# Only the Rust toolchain is assumed: hyperfine is built into .tools/ on first use.

CARGO ?= cargo
# QUICK=1: a smaller, faster bench written to target/bench/quick, never over results/.
QUICK ?= 0
export QUICK

WORKLOADS := download download-scaling fib fib-scaling

.PHONY: help build test bench $(addprefix bench-,$(WORKLOADS)) site hyperfine clean-bench

help: ## List the targets
	@awk 'BEGIN { FS = ":.*## " } /^[a-z-]+:.*## / { printf "  make %-24s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "  (QUICK=1 make bench: a short run into target/bench/quick; results/ is left alone)"

build: ## Build every program in release mode
	$(CARGO) build --release --workspace --bins

test: ## Build everything and run every test
	$(CARGO) build --workspace --bins
	$(CARGO) test --workspace

bench: build ## Time every program of every workload into results/ (QUICK=1: target/bench/quick)
	scripts/bench.sh $(WORKLOADS)

bench-download: build ## Time the download workload only
	scripts/bench.sh download

bench-download-scaling: build ## Time download at C = 1 ... 10000 only
	scripts/bench.sh download-scaling

bench-fib: build ## Time the fib workload only
	scripts/bench.sh fib

bench-fib-scaling: build ## Time fib at count = 1 ... 32 only
	scripts/bench.sh fib-scaling

site: build ## Run the site in the foreground on the default port (Ctrl-C stops it)
	target/release/site

hyperfine: ## Install the pinned hyperfine into .tools/ unless a new enough one is on PATH
	scripts/hyperfine.sh

clean-bench: ## Remove the bench's staging and quick outputs (results/ stays)
	rm -rf target/bench
