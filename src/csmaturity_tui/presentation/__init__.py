"""What a person reads, in one place for the TUI, the Markdown and the CLI.

``fmt``: numbers (money, shares, scores) and user text on one line; ``wording``:
the names of statuses, quadrants and outcomes, and unmet gate conditions;
``answers``: an answer's state and the progress counts; ``nrr_rows``: the NRR
case as rows. Only formatting: every figure comes from the Report. Imports the
core only (no textual, no store, no file format).
"""
