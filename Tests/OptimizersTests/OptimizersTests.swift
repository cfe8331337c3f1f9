// Tests of the Optimizers target.
