"""The data behind the charts, one module per chart, read from a Journal.

Everything here is plain Python (no matplotlib, no Qt) so the window can import
it before matplotlib is loaded, and tests can check the numbers directly.
Periods, break spans and daily sums are the domain's (`journal.domain.periods`,
`journal.domain.stats`), shared with the clinician summary.

Times drawn inside a day (pain check-ins, breaks) are local wall-clock times
shifted back by the "day starts at" hour, so they fall in their day's column.
Each `prepare_*` function takes plain values and is what the tests exercise;
each `*_data` function reads what it needs from a Journal and calls it.
"""
