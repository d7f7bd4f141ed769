"""Reading and writing the interchange files of METHOD.md §9 (CSV, XLSX, Parquet)."""
