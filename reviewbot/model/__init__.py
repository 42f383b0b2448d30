"""The just-in-time defect-risk model: features (Kamei metrics), the repository history
they are computed from, loading and scoring the shipped artifact (with or without
scikit-learn), risk bands; `training/` beneath it is offline only."""
