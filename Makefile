# Vestnik. `make run` and `make test` need no database set up by hand:
# without DATABASE_URL they use the checkout's own PostgreSQL cluster
# (see internal/devdb and the README).

GO      ?= go
BIN     := bin
DEVDB   := $(BIN)/devdb
VESTNIK := $(BIN)/vestnik

.DEFAULT_GOAL := help
.PHONY: help run test build lint bench db db-stop migration

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## build bin/vestnik and bin/devdb
	$(GO) build -o $(VESTNIK) ./cmd/vestnik
	$(GO) build -o $(DEVDB) ./cmd/devdb

run: build ## serve the site with demo content at http://127.0.0.1:8080 (dev mode)
	$(DEVDB) exec -- env DEV=true DEMO=true $(VESTNIK) serve

test: lint build ## lint, then run every test with -race against a real Postgres
	$(DEVDB) exec -- $(GO) test -race -count=1 ./...

lint: ## gofmt, go vet and staticcheck
	@out=$$(gofmt -l cmd internal migrations static templates locales); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

bench: build ## measure on 100,000 generated entries: query plans, latency, wrk throughput, peak RSS
	$(GO) build -o $(BIN)/bench ./cmd/bench
	$(DEVDB) exec -- $(GO) test -run '^$$' -bench . -benchmem ./...
	$(DEVDB) exec -- $(BIN)/bench -vestnik $(VESTNIK)

db: build ## start the private Postgres; the last line is DATABASE_URL=...
	@$(DEVDB) start

db-stop: build ## stop the private Postgres
	@$(DEVDB) stop

migration: ## create migrations/NNNNN_$(NAME).sql
	@test -n "$(NAME)" || { echo "usage: make migration NAME=add_something"; exit 1; }
	@n=$$(ls migrations/*.sql | sed 's|migrations/\([0-9]*\)_.*|\1|' | sort -n | tail -1); \
	  f=$$(printf "migrations/%05d_%s.sql" $$((10#$$n + 1)) "$(NAME)"); \
	  printf -- '-- +goose Up\n\n-- +goose Down\n' > $$f; echo "created $$f"
