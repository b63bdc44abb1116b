"""Statistics Norway (SSB) tables: reading JSON-stat 2.0 files and importing mapped figures."""
