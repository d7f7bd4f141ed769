"""PDF and Excel reports of instansi-years and of the nation."""
