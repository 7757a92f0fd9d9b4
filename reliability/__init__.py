"""The proof suite (issue 7): load, concurrency, faults. `python -m reliability` runs it whole and
prints its figures; the default test suite runs short versions of the same code (tests/reliability).
Everything here drives Ouvrage from outside, as a person or an operator would: real server processes
on 127.0.0.1, the `ouvrage` command, a fresh database per run."""
