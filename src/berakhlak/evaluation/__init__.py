"""The evidence evaluation of self-run cycles (docs/method.md §12): evidence per unit and
criterion, the evaluation team's scores, and what the combined index reads of them."""
