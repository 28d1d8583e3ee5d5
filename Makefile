# modelpress — the commands a developer and CI type. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8080
SWIFT ?= swift
RELEASE := .build/release
MODELPRESS := $(RELEASE)/modelpress

.PHONY: help setup build research site run test lint format bench bench-train bench-evaluation bench-cgi bench-site \
	bench-jobs bench-scale clean verify bundle test-site test-deploy test-workflow check-formats

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install the Debian packages the project needs (idempotent)
	@scripts/setup

# The Swift runtime is linked statically into the CLI; predict.cgi, which starts on every
# request, is linked fully static into its own folder (see scripts/build-cgi).
RELEASE_FLAGS := -c release --static-swift-stdlib
PREDICT_CGI := .build/cgi/release/PredictCGI
TEST_PRODUCTS := modelpressPackageTests modelpress PredictCGI PredictCGI-jobs SiteBenchmark TrainingBenchmark \
	EvaluationBenchmark NullCGI FloorCGI FloorCGI-postgresql

build: setup ## Release build of the CLI and predict.cgi (fully static, in .build/cgi/release/)
	$(SWIFT) build $(RELEASE_FLAGS) --product modelpress
	scripts/build-cgi

research: build ## Train, evaluate and register what research/ declares, when artifacts are missing
	@scripts/research $(MODELPRESS)

site: research ## Publish the site into site/public/ (and predict.cgi's answer pages into answers/)
	$(MODELPRESS) publish --site site --answers answers

run: site ## Serve the site and predict.cgi on http://127.0.0.1:$(PORT) (Ctrl-C stops)
	$(MODELPRESS) registry snapshot
	@scripts/serve --port $(PORT) --site site/public --cgi $(PREDICT_CGI) --state var

test: setup ## Every test: unit, end-to-end, lint, reproducibility, site quality, deployment
	# The tests, the executables they run and the benchmarks (so that they keep compiling), by
	# product: `--build-tests` would also compile swift-protobuf's vendored protoc (~900 C++
	# files, for a plugin nothing here uses).
	for product in $(TEST_PRODUCTS); do $(SWIFT) build --product $$product || exit 1; done
	# serving.json is derived, not committed; the serving tests read the repository's.
	.build/debug/modelpress registry snapshot
	$(SWIFT) test --skip-build
	@scripts/check-import-fixtures
	.build/debug/modelpress registry check
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory verify test-site test-deploy test-workflow

check-formats: setup ## The import fixtures' script with the newest LightGBM, XGBoost, scikit-learn, skl2onnx, onnxruntime; modelpress must import what they write
	@scripts/check-import-fixtures --newest

verify: build ## Retrain every committed version this trainer made; fail unless byte-identical
	@start=$$SECONDS; $(MODELPRESS) verify; echo "verify: $$((SECONDS - start)) s"

BUNDLE ?= dist/modelpress
bundle: build ## Write a deployable folder (BUNDLE=dist/modelpress; see docs/deploy.md)
	$(MODELPRESS) bundle --out $(BUNDLE)

test-site: build ## Site quality: publish twice gives identical bytes, valid HTML, the feed parses
	@scripts/site-check $(MODELPRESS)

test-deploy: build ## The bundle under lighttpd and Apache 2; headless Chromium predicts through each
	@scripts/deploy-test $(MODELPRESS)

test-workflow: build ## Parse .github/workflows/site.yml; its steps must be Makefile targets and CLI commands
	@scripts/venv
	.venv/bin/python scripts/e2e/check_workflow.py .github/workflows/site.yml Makefile $(MODELPRESS)

lint: ## Check formatting (swift format, configured by .swift-format)
	$(SWIFT) format lint --strict --recursive Package.swift Sources Benchmarks Tests Plugins

format: ## Reformat the sources in place
	$(SWIFT) format format --in-place --recursive Package.swift Sources Benchmarks Tests Plugins

bench: bench-train bench-evaluation bench-cgi bench-site bench-jobs ## Run every benchmark and print its table

# The benchmarks are executables in Benchmarks/ (not shipped); `make test` builds them (debug).
bench-train: setup ## RF/ET/GBT per shipped data set: modelpress vs scikit-learn and LightGBM, 5 splits; then an imported model beside the native forest
	@scripts/bench-train

bench-scale: setup ## Load and fit on 100k and 300k rows (SCALE_ROWS="… 1000000" adds 1M): vs pandas, LightGBM, scikit-learn
	@scripts/bench-scale

bench-cgi: build ## wrk against lighttpd: do-nothing and floor CGIs vs predict.cgi vs a Python+scikit-learn server
	@scripts/bench-cgi

bench-site: setup ## Publish a synthetic registry of 1,000 versions; time per step and pages/s
	$(SWIFT) build $(RELEASE_FLAGS) --product SiteBenchmark
	$(RELEASE)/SiteBenchmark

bench-jobs: ## A batch job of all 16,281 adult.test rows through lighttpd, end to end; rows/s
	@scripts/bench-jobs

bench-evaluation: ## Time a full evaluation report (16,281 rows, bootstrap, slices)
	@scripts/bench-evaluation

clean: ## Remove build products, the generated site and runtime state
	rm -rf .build site/public site/.public.new site/.public.old var prepared dist
