"""The main window's pages: Today, Log, History, Charts, Products, Settings."""
