"""codeyard reviewbot: reviews a change with static analyzers and a just-in-time defect model."""
