"""Helpers that several apps need, below every app: rate limits, the client's address,
language labels, downloads (CSV, XLSX, PDF) and form fields. Imports nothing of the apps."""
