"""Results of cycles: counts cached per cycle x unit, dashboards and the national view."""
