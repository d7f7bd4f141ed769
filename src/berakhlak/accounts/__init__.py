"""Accounts, roles and the access helpers every view fetches its objects through."""
