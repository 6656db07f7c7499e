"""Open Referral UK 3.0 without Django: the schemas, a validator, and reading an import file.

Shared by the import command, the API's tests and the benchmark, so that what we accept and
what we serve are checked by one implementation.
"""
