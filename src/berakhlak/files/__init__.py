"""Reading and writing the interchange files of docs/method.md §14 (CSV, XLSX, Parquet)."""
