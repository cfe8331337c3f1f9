// Tests of the OptimRun target.
