// Tests of the YAML target.
