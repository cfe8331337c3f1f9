// Tests of the Datasets target.
