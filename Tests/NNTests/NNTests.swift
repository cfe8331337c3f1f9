// Tests of the NN target.
