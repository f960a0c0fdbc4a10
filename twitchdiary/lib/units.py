"""Units the diary shows and converts."""

ML_PER_US_FL_OZ = 29.5735
