.PHONY: demo test bench lint proof
demo:  ## install, load the demo data on SQLite, start the server on http://127.0.0.1:8000/
	scripts/demo.sh
test:  ## install test dependencies and run the whole suite (SQLite, PostgreSQL, browser)
	scripts/test.sh
bench:  ## print the benchmark figures (docs/performance.md)
	scripts/bootstrap.sh --group test && .venv/bin/python -m benchmarks
proof:  ## the proof under load, faults and bad input (about 20 minutes; docs/reliability.md)
	scripts/proof.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy ouvrage config
