"""The domain: documents, addresses, meaning, lint, diff, history, release, compliance, fmt."""
