"""A programme strategy as a file: its format (schema.json), reading it (reader, pure
Python) and loading it into the database (loader, Django). See docs/strategy-format.md."""
