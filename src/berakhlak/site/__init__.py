"""Project configuration: settings, URLs, WSGI and cross-cutting middleware."""
