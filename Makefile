# Two entry points: `make run` (default pipeline) and `make test`.
# Both create the virtual environment on first use; nothing needs exporting by hand.
VENV  := .venv
BIN   := $(abspath $(VENV))/bin
CORES ?= 2
export PATH := $(BIN):$(PATH)

.PHONY: run test venv clean-results

venv: $(VENV)/.installed

# torch first, pinned: this resolves to the CPU wheel; an unpinned torch pulls GBs of CUDA.
$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

run: venv
	$(BIN)/snakemake --profile profiles/default --cores $(CORES)

test: venv
	$(BIN)/python -m pytest -q

clean-results:
	rm -rf results build .snakemake
