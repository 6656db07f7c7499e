"""Forms of the online survey: the builder (officers) and the pages residents answer."""
