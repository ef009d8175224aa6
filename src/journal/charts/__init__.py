"""Charts over time, drawn onto a matplotlib Figure (no pyplot, no Qt).

`journal.charts.data` reads a Journal for a period into plain, immutable data,
one module per chart (no matplotlib); `journal.charts.style` holds the light and dark looks; the
builders draw one chart each onto a Figure the caller owns, so the window and
the PDF use the same functions:

- `journal.charts.amount.build_amount`: amount per day with the cited bands
- `journal.charts.symptoms.build_symptoms`: a heat strip per symptom
- `journal.charts.pain.build_pain`: pain now and PEG score with 7-day averages
- `journal.charts.use.build_use`: a symptom beside the 7- and 30-day averages

Importing this package imports neither matplotlib nor Qt.
"""
