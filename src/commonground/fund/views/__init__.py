"""Thin views: fetch, hand the form to an action, render.  One module per audience."""
