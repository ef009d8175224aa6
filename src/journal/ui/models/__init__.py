"""Table models: thin adapters over lists of plain values, each with its proxy beside it."""
