"""The thesis scorecard: each claim of the article as a rule on a measured value, as of a date."""
