# Two commands: `make run` and `make test`. Each installs what is missing, then builds.
BUILD      ?= build
FUZZ_BUILD ?= build-fuzz
DEMO_DIR   ?= $(CURDIR)/$(BUILD)/demo-sandbox
JOBS       ?= 2
# One compiler cache for every checkout and build folder of this tree (worktrees, the fresh root):
# paths under the tree are hashed relative to it, and the build folder is not part of the key.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1
CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
ifeq ($(CI),true)
CMAKE_FLAGS += -DSANDBOX_WERROR=ON
endif

.PHONY: all deps configure build run run-check test test-fast fuzz demo format package bench fresh-check clean

all: build

deps:
	@scripts/ensure-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

configure: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	@scripts/prepare-demo.sh $(DEMO_DIR) >/dev/null
	@scripts/engine.sh start $(BUILD)/engine >/dev/null || echo "demo: no Docker engine; the panel will show it" >&2

run: demo
	@set -a; [ -f $(BUILD)/engine/env ] && . $(BUILD)/engine/env; set +a; \
	  exec $(BUILD)/app/sandbox-panel --sandbox $(DEMO_DIR)

NOT_RUN = @[ ! -f $(BUILD)/conformance-not-run.txt ] || cat $(BUILD)/conformance-not-run.txt

test: build fuzz
	cd $(BUILD) && ctest --output-on-failure -j2 --timeout 900
	cd $(FUZZ_BUILD) && ctest --output-on-failure -j2
	$(NOT_RUN)

test-fast: build
	cd $(BUILD) && ctest --output-on-failure -j2 -LE integration
	$(NOT_RUN)

# A pristine Debian 12 root: ensure-deps, every target, unit and GUI tests (root; CI runs it).
# make run without a person: the panel started with --start must bring up OpenCode's web UI.
run-check: demo
	scripts/run-check.sh $(BUILD) $(DEMO_DIR); rc=$$?; scripts/engine.sh stop $(BUILD)/engine; exit $$rc

fresh-check: deps
	scripts/fresh-check.sh $(CURDIR)/$(BUILD)/fresh

fuzz: deps
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DSANDBOX_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
	cmake --build $(FUZZ_BUILD) -j$(JOBS)

bench: build
	@for b in $(BUILD)/benchmarks/*/bench_*; do [ -x "$$b" ] && "$$b"; done

format: build
	cmake --build $(BUILD) --target format

package: build
	cd $(BUILD) && cpack

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD)
