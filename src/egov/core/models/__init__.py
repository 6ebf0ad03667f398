"""Core tables, one module per concept; each is imported here so Django finds its models."""
