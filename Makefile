# Vestnik. `make run` and `make test` need no database set up by hand:
# without DATABASE_URL they use the checkout's own PostgreSQL cluster
# (see internal/devdb and the README).

GO      ?= go

# Builds leave the checkout's directory out of the binaries, so a second
# clone of the code (CI's, a colleague's worktree) reuses the build cache
# instead of compiling everything again.
export GOFLAGS := $(strip $(GOFLAGS) -trimpath)
BIN     := bin
DEVDB   := $(BIN)/devdb
VESTNIK := $(BIN)/vestnik

.DEFAULT_GOAL := help
.PHONY: help run test race build deps lint vuln gosec bench db db-stop migration fuzz

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The server is pure Go (CGO_ENABLED=0: a static binary); only the images
# worker, which it starts per photo job, links libvips.
build: deps ## build bin/vestnik, its images worker bin/vestnik-images, and bin/devdb
	CGO_ENABLED=0 $(GO) build -o $(VESTNIK) ./cmd/vestnik
	$(GO) build -o $(BIN)/vestnik-images ./cmd/vestnik-images
	$(GO) build -o $(DEVDB) ./cmd/devdb

# Photos are decoded, turned, stripped and resized with libvips (cgo; see
# internal/images/engine), in the images worker bin/vestnik-images: its
# headers to build, its library to run. As root on
# Debian or Ubuntu the target installs them, as devdb does PostgreSQL.
deps: ## install libvips (the photo library) when it is missing
	@pkg-config --exists 'vips >= 8.10' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing libvips-dev and pkg-config (photos are resized with libvips)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libvips-dev pkg-config; \
	  else \
	    echo "Vestnik needs libvips to build: sudo apt-get install libvips-dev pkg-config"; exit 1; \
	  fi; }

run: build ## serve the site with demo content at http://127.0.0.1:8080 (dev mode)
	$(DEVDB) exec -- env DEV=true DEMO=true $(VESTNIK) serve

# The tests check every public page with html-validate, pinned in
# tools/html-validate/package-lock.json and installed there with npm (as
# root on Debian or Ubuntu, nodejs and npm are installed when missing).
HTMLVALIDATE := tools/html-validate/node_modules/.bin/html-validate
$(HTMLVALIDATE): tools/html-validate/package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing nodejs and npm (the tests validate pages with html-validate)"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm; \
	  else \
	    echo "the tests need npm to install html-validate: sudo apt-get install nodejs npm"; exit 1; \
	  fi; }
	npm ci --prefix tools/html-validate --no-audit --no-fund --loglevel=error
	@touch $@

# -vet=off: lint has just run the whole of go vet; go test would run part
# of it again. `make test` is the everyday loop (about two minutes on two
# cores); `make race` runs the same tests under the race detector, which
# costs half as much again — CI runs both.
TESTENV := $(DEVDB) exec -- env VESTNIK_TEST_BIN=$(abspath $(VESTNIK)) IMAGES_WORKER=$(abspath $(BIN)/vestnik-images)
test: lint build $(HTMLVALIDATE) ## lint, then run every test against a real Postgres
	$(TESTENV) $(GO) test -count=1 -vet=off ./...

# GORACE: a race-detector binary sleeps a second before it exits, for
# other threads to report; the suite has some twenty test binaries.
race: build $(HTMLVALIDATE) ## run every test under the race detector
	$(TESTENV) GORACE=atexit_sleep_ms=0 $(GO) test -race -count=1 -vet=off ./...

# Lint and analysis tools are pinned in their own module files under tools/,
# so their dependencies never enter Vestnik's go.mod.
TOOLS := $(GO) tool -modfile=tools/go.mod

lint: deps ## gofmt, go vet and staticcheck
	@out=$$(gofmt -l cmd internal migrations static templates locales); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(TOOLS) staticcheck ./...

vuln: ## govulncheck: known vulnerabilities in the code Vestnik calls (needs the Go vulnerability database online)
	$(TOOLS) govulncheck ./...

# gosec is not part of `make lint`: its module (with several AI vendors' SDKs
# and cloud libraries) takes about six minutes of CPU to build. Run it before
# a release. Every exclusion was reviewed; a new finding fails: fix it, or
# add `#nosec G### -- why` on its line.
# G104 (unchecked errors), everywhere: they are writes to an
#   http.ResponseWriter (the client left; nothing to do), writes into
#   bytes.Buffer-backed gzip/brotli/csv writers (cannot fail), cleanup on
#   paths that already return an error, and the deliberately discarded
#   dummy-hash check that evens out login timing.
# G107 G114 G204 G304 G702 G703 G704 in cmd/bench, cmd/devdb, internal/devdb,
#   internal/browser: development tools, never deployed, that run the
#   commands, open the files and fetch the URLs their developer gives them.
# G115 in internal/auth/password.go: uint32(len(want)) after len(want) <= 128
#   was checked; in internal/images/webp.go, a RIFF size of a WebP that
#   libvips wrote (bounded by the photo limits); in internal/markdown/defuse.go,
#   int32 offsets into a text capped far below 2 GB by the form limits; in
#   internal/demo/load.go, a seed from a file name's length.
# G115 G124 G204 G702 in internal/sitetest and internal/testdb: test helpers
#   (EXIF fixtures, the test client's cookies, running the test binary).
# G124 in internal/web/language.go: the language cookie is HttpOnly,
#   SameSite=Lax and Secure whenever BASE_URL is https (Secure is a variable).
# G705 in internal/httpx/render.go and internal/pagecache/middleware.go: the
#   bytes come from html/template (auto-escaped) or are a cached copy of such
#   a response.
# G120 in internal/httpx/form.go: ParseMultipartForm reads a body that
#   http.MaxBytesReader caps on the line before.
# G203 in internal/web/search.go, internal/view/view.go and
#   internal/picture/markup.go: template.HTML of a snippet escaped with
#   html.EscapeString, of Markdown output sanitized by bluemonday
#   (internal/markdown) before it was stored, and of <picture> markup whose
#   every value is escaped.
# G710 in the listed files: redirect targets are local paths built from
#   validated languages, slugs and stored names, or passed through
#   auth.LocalRedirect / localPathIn (open redirects are tested in auth).
gosec: ## the gosec security linter (slow to build the first time; see the Makefile)
	$(GO) tool -modfile=tools/gosec/go.mod gosec -quiet -exclude=G104 -exclude-rules='(cmd/bench|cmd/devdb|internal/devdb|internal/browser)/.*:G107,G114,G204,G304,G702,G703,G704;internal/(auth/password|images/webp|markdown/defuse|demo/load)\.go:G115;internal/(sitetest|testdb)/.*:G115,G124,G204,G702;internal/web/language\.go:G124,G710;internal/(httpx/render|pagecache/middleware)\.go:G705;internal/httpx/form\.go:G120;internal/(web/search|view/view|picture/markup)\.go:G203;internal/(admin/login|web/media|web/news_item|admin/routes|web/routes|web/subscribe|web/untranslated|web/image|admin/entry_review)\.go:G710' ./...

FUZZTIME ?= 30s

fuzz: build ## run each fuzz target for FUZZTIME (default 30s), one after another
	$(GO) test -run '^$$' -fuzz '^FuzzRender$$' -fuzztime $(FUZZTIME) ./internal/markdown/
	$(GO) test -run '^$$' -fuzz '^FuzzSlugify$$' -fuzztime $(FUZZTIME) ./internal/content/
	$(GO) test -run '^$$' -fuzz '^FuzzDetect$$' -fuzztime $(FUZZTIME) ./internal/media/
	$(GO) test -run '^$$' -fuzz '^FuzzNormalize$$' -fuzztime $(FUZZTIME) ./internal/images/
	$(DEVDB) exec -- $(GO) test -run '^$$' -fuzz '^FuzzPublicRouter$$' -fuzztime $(FUZZTIME) ./internal/web/

bench: build ## measure on 100,000 generated entries: query plans, latency, wrk throughput, peak RSS
	$(GO) build -o $(BIN)/bench ./cmd/bench
	$(DEVDB) exec -- env IMAGES_WORKER=$(abspath $(BIN)/vestnik-images) $(GO) test -run '^$$' -bench . -benchmem ./...
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
