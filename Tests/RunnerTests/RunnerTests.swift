// Tests of the Runner target.
