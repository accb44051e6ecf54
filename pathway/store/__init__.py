"""Storage (SQLAlchemy): database, progress, polls. Uses learn and clinical."""
