# Two commands: `make run` and `make test`. Everything they need is installed from here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench translate contract

$(BIN)/styr: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/styr
	scripts/debian-packages.sh
	$(BIN)/styr migrate --noinput
	$(BIN)/styr demo --if-empty
	@echo
	@echo "Styr runs on http://127.0.0.1:8000/ — sign in as admin / styr-demo (administrator),"
	@echo "hsn / styr-demo (editor for Hälso- och sjukvårdsnämnden), lasare / styr-demo (reader), revisor / styr-demo (auditor)"
	@echo "sakerhet / styr-demo (security officer) or ekonom / styr-demo (finance)."
	@echo
	STYR_DEBUG=1 $(BIN)/styr serve 127.0.0.1:8000

test: $(BIN)/styr
	scripts/test.sh

lint: $(BIN)/styr
	$(BIN)/ruff check .

# The API against its OpenAPI description with many more generated requests than `make test` sends (README,
# "The API keeps its description"). STYR_CONTRACT_SEED=n explores other requests than the fixed ones;
# DATABASE_URL=postgres://… runs it on PostgreSQL.
CONTRACT_EXAMPLES ?= 100
contract: $(BIN)/styr
	STYR_CONTRACT_EXAMPLES=$(CONTRACT_EXAMPLES) $(BIN)/pytest styr/tests/test_api_contract.py

# Every benchmark in bench/ at full size, then the README's table from the rows they report (bench/_table.py).
# BENCH_SERVICES=n sizes every benchmark that takes --services; DATABASE_URL=postgres://… runs them on PostgreSQL
# (each drops that database's public schema: give it a database of its own).
BENCH_SERVICES ?= 100000
bench: $(BIN)/styr
	BENCH_SERVICES=$(BENCH_SERVICES) $(if $(DATABASE_URL),DATABASE_URL=$(DATABASE_URL)) $(BIN)/python bench/_table.py

translate: $(BIN)/styr
	$(BIN)/python scripts/translate.py
