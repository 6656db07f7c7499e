"""Loading a district's geography (wards, MSOAs, LSOAs and their boundaries)."""
