"""Synthetic survey data: a generative model of answers and named scenarios."""
