"""Statistics for consultations, in plain Python/NumPy (no Django): the census categories
people describe themselves with, priorities combined across methods, and reach against the
population.

- :mod:`.categories`: the census "about you" categories (codes stored with answers).
- :mod:`.priorities`: ``combine(options, methods, …) -> PriorityResult`` — one ranking from
  surveys and tallies, with cluster-bootstrap intervals and p(top 3).
- :mod:`.population`: ``load_profile(shared_dir, ward_codes) -> PopulationProfile`` — Census
  2021 ethnicity and religion, mid-2015 age bands, ward totals; sex marked missing.
- :mod:`.reach`: ``compare``, ``raking_weights``, ``weighted_shares`` — who took part against
  who lives there, and weights that correct for it.

The rules in plain words: docs/consult-statistics.md.
"""
