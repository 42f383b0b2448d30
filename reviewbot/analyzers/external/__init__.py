"""Well-kept linters wrapped as analyzers (bandit today), their findings mapped onto the
rule table and deduplicated against our own detectors by the pipeline."""
