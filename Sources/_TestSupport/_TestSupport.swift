// The _TestSupport target; see ../shared/design/architecture.md for what it owns.
