/// Which framework's update rule an algorithm follows: `formula: keras` (the default) or
/// `formula: pytorch` (the `torch.optim` algorithm box, with PyTorch's defaults).
public enum UpdateFormula: String, Sendable, Equatable, CaseIterable {
  /// Keras 3's `keras/src/optimizers/*.py`.
  case keras
  /// `torch.optim`'s documented algorithm.
  case pytorch
}
