// The _TestSupport target: helpers for tests only (approximate equality, finite-difference
// gradient checks). See ../shared/design/architecture.md.
