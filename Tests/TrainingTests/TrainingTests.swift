// Tests of the Training target.
