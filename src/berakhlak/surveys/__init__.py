"""Survey cycles per instansi-year, the structure frozen into them, links and tokens."""
