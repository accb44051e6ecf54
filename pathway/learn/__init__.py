"""Self-test: question bank, generated cases, review scheduling. Uses clinical."""
