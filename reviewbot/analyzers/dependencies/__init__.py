"""The dependency check: requirements a change adds or changes, checked against the
private registry's JSON API (typosquats, dependency confusion, yanked or missing versions,
Requires-Python)."""
