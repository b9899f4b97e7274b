# The book's commands. Each target installs what it needs itself.
#   make book      build the HTML book into _build/html
#   make test      run every test (unit, notebooks with nbval, build, browser), then the
#                  notebooks again under other CPU kernels and one thread, on JAX, and as on Colab
#   make test-perturbed  nbval under TF_ENABLE_ONEDNN_OPTS=1, TF_NUM_INTRAOP_THREADS=1
#   make test-jax  execute every notebook with KERAS_BACKEND=jax, hidden checks active
#   make test-torch  the same on the torch backend (optional; installs a CPU build of torch)
#   make colab-check execute every notebook with Colab's package versions (Python 3.12,
#                  tests/colab_pins.txt), its set-up cell installing dlbook as on Colab
#   make gpu-check execute the notebooks that do not import TensorFlow on JAX's accelerator
#                  (run it on a GPU machine; `make gpu-wheels` first fetches what it lacks)
#   make execute   re-run every notebook, store its outputs and rewrite the status page
#   make repository URL=https://github.com/you/book  publish under another repository
#   make serve     serve the built book on http://127.0.0.1:8000
#   make benchmark time each notebook's execution, then each explorer's display (reader, book)
#   make data      rebuild the files in data/ from their sources (needs PyPI)
#   make lab       open the notebooks in JupyterLab with live widgets

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
VENDOR := book/_vendor
NB     ?= book
PORT   ?= 8000

# Third-party JavaScript served by the book itself (npm registry, pinned, checksummed).
# MathJax: the loader, TeX input (its other extensions load on demand) and HTML-CSS output with
# its web fonts, without the 0.4 MB menu; Font Awesome: only the SVG icons the themes show (the
# themes' 1.5 MB icon script and 0.3 MB icon fonts are replaced by book/_static); axe-core: for
# the browser tests only (kept out of the built book by exclude_patterns in _config.yml).
MATHJAX      := mathjax@3.2.2
MATHJAX_SHA  := 1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09
REQUIREJS    := requirejs@2.3.8
REQUIREJS_SHA:= 777158e89275e16bd51aec3ef714fbcb5dc45789e7078659933bc814916d7dec
WIDGETS      := @jupyter-widgets/html-manager@1.0.15
WIDGETS_SHA  := 2b9d65cb7913e1c7d671757a10008b32c9c2448d4429513371e55c07d6107638
FONTAWESOME  := @fortawesome/fontawesome-free@6.5.2
FONTAWESOME_SHA := 1622d514686c299db3ffe9405c4f124778ce812658f66282d4524247e66fff9c
AXE          := axe-core@4.14.1
AXE_SHA      := e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
ICONS_SOLID  := angle-left angle-right arrow-up bars chevron-down circle-half-stroke download \
                expand file file-pdf list magnifying-glass moon outdent rocket sun xmark
ICONS_BRANDS := github

export TF_CPP_MIN_LOG_LEVEL := 2
export TF_ENABLE_ONEDNN_OPTS ?= 0
# TensorFlow's thread pools have a fixed size, so that the core count does not change results.
export TF_NUM_INTRAOP_THREADS ?= 2
export TF_NUM_INTEROP_THREADS ?= 2
export PYTHONHASHSEED := 0
# Tests run two notebooks at once on two cores: one BLAS thread each is faster than many.
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

# nbval with the book's numeric tolerance (tests/nbval_tolerance.py, loaded by pyproject.toml),
# two notebooks at a time.
NBVAL  := -m pytest -n 2 --dist loadfile --nbval-current-env \
          --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider
# torch for `make test-torch`, kept out of .venv (a CPU build; on Linux x86-64 PyPI's default
# build is a CUDA one of several GB: set TORCH_INDEX to PyTorch's CPU index where you can reach it)
TORCH       ?= torch==2.13.0
TORCH_INDEX ?=
TORCH_SITE  := .venv-torch

.PHONY: install book test test-notebooks test-perturbed test-jax test-torch colab-check gpu-check gpu-wheels \
        execute serve benchmark data vendor lab clean repository

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

vendor: $(VENDOR)/.complete

$(VENDOR)/.complete: Makefile
	rm -rf $(VENDOR) $(VENDOR).tmp && mkdir -p $(VENDOR).tmp
	cd $(VENDOR).tmp && npm pack --silent $(MATHJAX) $(REQUIREJS) $(WIDGETS) $(FONTAWESOME) \
	  $(AXE) >/dev/null
	cd $(VENDOR).tmp && printf '%s  %s\n' \
	  $(MATHJAX_SHA) mathjax-3.2.2.tgz \
	  $(REQUIREJS_SHA) requirejs-2.3.8.tgz \
	  $(WIDGETS_SHA) jupyter-widgets-html-manager-1.0.15.tgz \
	  $(FONTAWESOME_SHA) fortawesome-fontawesome-free-6.5.2.tgz \
	  $(AXE_SHA) axe-core-4.14.1.tgz | sha256sum --check --quiet
	mkdir -p $(VENDOR)/mathjax $(VENDOR)/requirejs $(VENDOR)/html-manager $(VENDOR)/fontawesome \
	  $(VENDOR)/axe-core
	tar -xzf $(VENDOR).tmp/mathjax-3.2.2.tgz -C $(VENDOR)/mathjax --strip-components=1 \
	  --wildcards package/LICENSE package/es5/startup.js package/es5/core.js \
	  package/es5/input/tex.js 'package/es5/input/tex/extensions/*' package/es5/output/chtml.js \
	  package/es5/output/chtml/fonts/tex.js 'package/es5/output/chtml/fonts/woff-v2/*' \
	  package/es5/a11y/assistive-mml.js
	tar -xzf $(VENDOR).tmp/requirejs-2.3.8.tgz -C $(VENDOR)/requirejs --strip-components=1 \
	  package/require.js package/README.md
	tar -xzf $(VENDOR).tmp/jupyter-widgets-html-manager-1.0.15.tgz -C $(VENDOR)/html-manager \
	  --strip-components=2 --wildcards --exclude='*.map' --exclude='package/dist/embed.js' \
	  'package/dist/*'
	tar -xzf $(VENDOR).tmp/fortawesome-fontawesome-free-6.5.2.tgz -C $(VENDOR)/fontawesome \
	  --strip-components=1 package/LICENSE.txt $(ICONS_SOLID:%=package/svgs/solid/%.svg) \
	  $(ICONS_BRANDS:%=package/svgs/brands/%.svg)
	tar -xzf $(VENDOR).tmp/axe-core-4.14.1.tgz -C $(VENDOR)/axe-core --strip-components=1 \
	  package/axe.min.js package/LICENSE
	rm -rf $(VENDOR).tmp
	touch $@

book: install vendor
	$(BIN)/jupyter-book build . --warningiserror --keep-going

test: install vendor
	$(PY) $(NBVAL) --nbval
	$(MAKE) --no-print-directory test-perturbed test-jax colab-check

# The notebooks' stored outputs must also reproduce with TensorFlow's oneDNN CPU kernels and
# one intra-op thread (what another machine changes), within the declared tolerance.
test-perturbed: install
	TF_ENABLE_ONEDNN_OPTS=1 TF_NUM_INTRAOP_THREADS=1 $(PY) $(NBVAL) --nbval $(NB)

# Every notebook on the JAX backend: all cells run, hidden checks included; stored outputs
# (from TensorFlow) are not compared.
test-jax: install
	KERAS_BACKEND=jax $(PY) $(NBVAL) --nbval-lax $(NB)

test-torch: install
	test -d $(TORCH_SITE) || $(PY) -m pip install --quiet --target $(TORCH_SITE) \
	  $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) "$(TORCH)"
	PYTHONPATH=$(CURDIR)/$(TORCH_SITE) KERAS_BACKEND=torch $(PY) $(NBVAL) --nbval-lax $(NB)

# Every notebook in a Python 3.12 environment with Colab's published package versions, in a
# kernel that believes it is on Colab; fails if the set-up cell changes any of those packages.
# (Downloads about 1 GB from PyPI the first time; the environment is kept in .venv-colab.)
colab-check: install
	$(PY) tests/colab_check.py $(NB)

# Names another GitHub repository in _config.yml, every set-up cell and the set-up page.
repository: install
	$(PY) tests/repository.py "$(URL)"

gpu-wheels: install
	$(PY) tests/gpu_check.py download

# Runs with the machine's own python3 (no .venv: the GPU machine has no network).
gpu-check:
	$(PYTHON) tests/gpu_check.py run

execute: install
	$(PY) tests/notebooks.py execute $(NB)

benchmark: install
	$(PY) tests/notebooks.py benchmark $(NB)

serve: book
	@echo "Serving the book on http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

data: install
	$(PY) data/make_data.py

lab: install
	$(BIN)/jupyter lab book

clean:
	rm -rf _build $(VENDOR) $(VENDOR).tmp $(TORCH_SITE) .venv-colab
