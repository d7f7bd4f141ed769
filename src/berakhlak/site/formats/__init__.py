"""Date formats of the site (settings.FORMAT_MODULE_PATH): a date is written in full,
"2 November 2026", in both languages; everything else is Django's for the language."""
