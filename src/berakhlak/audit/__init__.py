"""The audit log: who did what, when, for every operator and admin action."""
