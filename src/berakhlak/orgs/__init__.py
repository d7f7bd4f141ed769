"""Instansi and their units (OPD) with headcounts."""
