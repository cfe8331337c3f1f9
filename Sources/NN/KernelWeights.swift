import Tensors

/// A layer's kernel and optional bias, made together as Keras names them (`<layer>/kernel`,
/// `<layer>/bias`), with the kernel's regularizer: what dense and the convolutions share.
struct KernelWeights {
  /// `<layer>/kernel`.
  let kernel: Parameter
  /// `<layer>/bias`, or nil for `use_bias: false`.
  let bias: Parameter?
  /// The kernel's regularizer, if any.
  let regularizer: Regularizer?

  /// Creates and initializes the weights; `biasShape` nil means no bias.
  init(
    layer: String, kernelShape: Shape, kernelInitializer: Initializer, regularizer: Regularizer?,
    biasShape: Shape?, biasInitializer: Initializer, context: LayerContext
  ) {
    kernel = context.makeParameter(layer + "/kernel", shape: kernelShape, initializer: kernelInitializer)
    bias = biasShape.map { context.makeParameter(layer + "/bias", shape: $0, initializer: biasInitializer) }
    self.regularizer = regularizer
  }

  /// Kernel, then bias (Keras's order).
  var parameters: [Parameter] { bias.map { [kernel, $0] } ?? [kernel] }
  /// The kernel with its regularizer, if one is configured.
  var regularized: [(Parameter, Regularizer)] { regularizer.map { [(kernel, $0)] } ?? [] }
}
