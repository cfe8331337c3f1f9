// Tests of the Tensors target.
