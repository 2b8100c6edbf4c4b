# adx: the two commands a new machine needs are `make demo` and `make test`.
# Each installs missing Debian packages, configures, builds and runs.

BUILD ?= build
JOBS ?= 2
CMAKE_FLAGS ?=
TESTBENCH = $(BUILD)/tools/testbench/adx-testbench

.PHONY: all deps configure build demo quiet-build calibrate test bench check-asan check-clang \
	check-reliability check-deep check-qemu size clean

all: build

deps:
	@scripts/deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# The main job (docs/verdict.md): the endpoint-switch scenario of the DAX
# lifespan discussion under all four instance-memory policies and both heaps
# at one total memory (audio, report.json, trace.json and plots under
# out/endpoint-switch/), then a randomized sweep of switch stories over a
# range of totals, the minimum memory each policy needs, and the verdict
# generated from those numbers (out/sweep/). The build's own output goes to
# $(BUILD).demo-build.log and is shown only if the build fails.
# Calibration under valgrind moved to `make calibrate` (minutes on its own).
DEMO_SCENARIO ?= scenarios/endpoint-switch.yaml
DEMO_STORIES ?= 200
DEMO_MIN_STORIES ?= 40
DEMO_BUDGETS ?= S+64K,S+80K,S+96K,S+112K,S+128K,S+160K,2S,2S+64K
demo: quiet-build
	@mkdir -p out
	@$(TESTBENCH) --scenario $(DEMO_SCENARIO) --compare --out out
	@$(TESTBENCH) --stories $(DEMO_STORIES) --seed 1 --budgets $(DEMO_BUDGETS) \
		--min-memory --min-memory-stories $(DEMO_MIN_STORIES) --out out

quiet-build:
	@scripts/deps.sh
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) \
		>$(BUILD).demo-build.log 2>&1 && \
	 cmake --build $(BUILD) -j$(JOBS) >>$(BUILD).demo-build.log 2>&1 || \
	 { cat $(BUILD).demo-build.log; exit 1; }

# Measured instructions per module per period for the demo's scenario (valgrind).
calibrate: build
	@mkdir -p out
	$(TESTBENCH) --scenario $(DEMO_SCENARIO) --compare --calibrate --out out

# Unit and integration tests; labels "deep", "tsan" and "timing" (wall-clock
# statistics) run elsewhere: `make check-reliability`, see README.
TEST_EXCLUDE ?= deep|tsan|timing
test: build
	ctest --test-dir $(BUILD) -j$(JOBS) --output-on-failure --label-exclude '$(TEST_EXCLUDE)'

bench: build
	@cmake --build $(BUILD) --target bench

# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer; the
# "slow" label (a 10M-operation heap stress, too long under ASan) runs plain only.
check-asan: deps
	@$(MAKE) --no-print-directory test BUILD=build-asan TEST_EXCLUDE='deep|tsan|timing|slow' \
		CMAKE_FLAGS="-DADX_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug"

# Warnings are errors with clang too: build everything with it and run the suite.
check-clang: deps
	@$(MAKE) --no-print-directory test BUILD=build-clang TEST_EXCLUDE='deep|tsan|timing|slow' \
		CMAKE_FLAGS="-DCMAKE_C_COMPILER=clang"

# Reliability harness (docs/reliability.md): the quick forms CI runs
# (reliability-labelled tests, SPIN model, ThreadSanitizer stress, short
# fuzz runs), and the long forms. Logs and figures under out/reliability/.
check-reliability: build
	@BUILD=$(BUILD) JOBS=$(JOBS) tests/reliability/run.sh quick

check-deep: build
	@BUILD=$(BUILD) JOBS=$(JOBS) tests/reliability/run.sh deep

# The firmware core on Cortex-M7 and Cortex-M4F under QEMU (docs/firmware.md):
# on-target tests, and the engine's output compared with the PC's.
check-qemu:
	@BUILD=$(BUILD) JOBS=$(JOBS) scripts/check-qemu.sh

# Code and data per layer in the Cortex-M7 image (after check-qemu's build).
size:
	@scripts/size.sh build-cortex-m7

clean:
	rm -rf build build-asan build-tsan build-clang build-fuzz build-cortex-m7 build-cortex-m4f out
