# gangway: `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
STAMP := node_modules/.install-stamp

$(STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(STAMP)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) ## Install dependencies (npm ci) when package-lock.json changed

.PHONY: build
build: $(STAMP) ## Compile TypeScript to dist/
	npm run build

.PHONY: run
run: build ## Run `gangway serve` on the embedded default (no cluster needed)
	node dist/src/main.js serve --config-dir config --state-dir .gangway

.PHONY: test
test: $(STAMP) ## Lint, typecheck and run every test
	npm test

.PHONY: lint
lint: $(STAMP) ## ESLint and Prettier
	npm run lint

.PHONY: typecheck
typecheck: $(STAMP) ## TypeScript type check
	npm run typecheck

.PHONY: format
format: $(STAMP) ## Rewrite sources with Prettier
	npm run format

.PHONY: bench
bench: $(STAMP) ## Run the benchmarks and print figures
	npm run bench

.PHONY: golden-update
golden-update: $(STAMP) ## Regenerate golden files (injection output, manifests, CRDs)
	UPDATE_GOLDEN=1 npx vitest run test/golden test/node-agent src/cli/manifests.test.ts src/validation/crds.test.ts

.PHONY: manifests
manifests: build ## Regenerate the committed manifests/ (kustomize) from the code
	node dist/src/main.js manifests --write manifests

.PHONY: image
image: ## Build the container image (needs a Docker engine)
	docker build -t gangway:dev .

.PHONY: clean
clean: ## Remove build output and generated state
	rm -rf dist .gangway
