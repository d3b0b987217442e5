# Two commands set everything up on a fresh machine: `make run` and `make test`.
# `make package` builds the desktop bundle (dist/); docs/install.md says which torch each installs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNELS := $(VENV)/.kernels-warm
# torch from another index, e.g. TORCH_INDEX=https://download.pytorch.org/whl/cpu (CPU only) or
# .../whl/cu128 (a CUDA build); empty: PyPI's default build for this platform
TORCH_INDEX ?=
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' lab/__init__.py)
BUNDLE := dist/descent-lab
ARCHIVE = dist/descent-lab-$(VERSION)-linux-$(shell uname -m).tar.gz

.PHONY: run test test-fast test-bundle package lint bench clean translations docs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# numba kernels compiled at install time (again whenever a kernel source changes), so the
# first launch draws at once; the cache lives in ~/.cache/descent-lab/kernels
$(KERNELS): $(STAMP) lab/engine/optimize/kernels.py lab/engine/optimize/program_kernel.py \
		lab/engine/init/histograms.py lab/engine/train/diagnostics/grid_kernel.py
	$(BIN)/descent-lab warmup
	touch $(KERNELS)

run: $(KERNELS)
	$(BIN)/descent-lab

# everything but the frozen bundle's smoke test (that one needs `make package`: test-bundle)
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not bundle"

# the inner loop: no MNIST training, app launches, wheel builds or benchmarks, in two processes
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 -m "not slow and not bundle"

test-bundle: package
	QT_QPA_PLATFORM=offscreen DESCENT_LAB_BUNDLE=$(BUNDLE) $(BIN)/python -m pytest -q -m bundle

# a one-folder PyInstaller bundle with the CPU build of torch, its kernels compiled inside it
package: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,package]'
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/descent-lab.spec && \
	DESCENT_LAB_KERNEL_CACHE=$(BUNDLE)/_internal/kernel-cache $(BUNDLE)/descent-lab warmup && \
	tar -C dist -czf $(ARCHIVE) descent-lab && \
	echo "built in $$(( $$(date +%s) - start )) s: $(BUNDLE) $$(du -sh $(BUNDLE) | cut -f1)," \
		"$(ARCHIVE) $$(du -sh $(ARCHIVE) | cut -f1)"

# the .ts catalogues from the sources' tr() strings and the engine's texts, then the .qm files
# (lab/translations/; edit the .ts to translate, then run this again)
translations: $(STAMP)
	$(BIN)/python packaging/translations.py

# docs/cli.md's option lists from the parser (the prose around them is written by hand)
docs: $(STAMP)
	$(BIN)/python packaging/cli_reference.py

# style (ruff) and the house's import contracts (pyproject's [tool.importlinter])
lint: $(STAMP)
	$(BIN)/ruff check lab tests packaging
	$(BIN)/lint-imports --no-logo

bench: $(STAMP)
	for suite in trajectories activations training startup search; do \
		$(BIN)/descent-lab bench $$suite || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info
