// The NN target; see ../shared/design/architecture.md for what it owns.
