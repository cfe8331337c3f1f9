// Tests of the Reporting target.
