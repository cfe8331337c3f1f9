// Tests of the Spec target.
