"""School make-up, segregation between schools and school linking (plain NumPy/SciPy/NetworkX,
no Django): shared by ``commonground schools link|segregation`` and the ``schools`` app."""
