import Tensors

/// What a layer is, before it has a name or weights: the spec's `type:` and its arguments.
public enum LayerConfig: Sendable, Equatable {
  case dense(DenseConfig)
  case conv2d(Conv2DConfig)
  case maxPooling2d(Pooling2DConfig)
  case averagePooling2d(Pooling2DConfig)
  case globalAveragePooling2d
  case upSampling2d(height: Int, width: Int)
  case concatenate
  case flatten
  case reshape(targetShape: [Int])
  case dropout(rate: Float)
  case batchNormalization(BatchNormalizationConfig)
  case add
  case activation(Activation)
  case randomFlip(FlipMode)
  case randomAffine(AffineAugmentationConfig)
  case randomCrop(height: Int, width: Int)
  case randomContrast(lower: Float, upper: Float, valueRange: [Float])

  /// The spec's type name, which is also the stem of automatic layer names (`conv2d`, `conv2d_1`).
  public var typeName: String {
    switch self {
    case .dense: "dense"
    case .conv2d: "conv2d"
    case .maxPooling2d: "max_pooling2d"
    case .averagePooling2d: "average_pooling2d"
    case .globalAveragePooling2d: "global_average_pooling2d"
    case .upSampling2d: "up_sampling2d"
    case .concatenate: "concatenate"
    case .flatten: "flatten"
    case .reshape: "reshape"
    case .dropout: "dropout"
    case .batchNormalization: "batch_normalization"
    case .add: "add"
    case .activation: "activation"
    case .randomFlip: "random_flip"
    case .randomAffine(let c): c.transform.typeName
    case .randomCrop: "random_crop"
    case .randomContrast: "random_contrast"
    }
  }

  /// Creates the (unbuilt) layer.
  public func makeLayer(name: String) -> any Layer {
    switch self {
    case .dense(let c): DenseLayer(name: name, config: c)
    case .conv2d(let c): Conv2DLayer(name: name, config: c)
    case .maxPooling2d(let c): Pooling2DLayer(name: name, kind: .max, config: c)
    case .averagePooling2d(let c): Pooling2DLayer(name: name, kind: .average, config: c)
    case .globalAveragePooling2d: GlobalAveragePooling2DLayer(name: name)
    case .upSampling2d(let h, let w): UpSampling2DLayer(name: name, size: (h, w))
    case .concatenate: ConcatenateLayer(name: name)
    case .flatten: FlattenLayer(name: name)
    case .reshape(let s): ReshapeLayer(name: name, targetShape: s)
    case .dropout(let rate): DropoutLayer(name: name, rate: rate)
    case .batchNormalization(let c): BatchNormalizationLayer(name: name, config: c)
    case .add: AddLayer(name: name)
    case .activation(let a): ActivationLayer(name: name, activation: a)
    case .randomFlip(let mode): RandomFlipLayer(name: name, mode: mode)
    case .randomAffine(let c): AffineAugmentationLayer(name: name, config: c)
    case .randomCrop(let h, let w): RandomCropLayer(name: name, height: h, width: w)
    case .randomContrast(let lower, let upper, let range):
      RandomContrastLayer(name: name, lower: lower, upper: upper, valueRange: (range[0], range[1]))
    }
  }
}

/// One layer of a model description: an optional name, what it is, and where its inputs come from.
///
/// `inputs` lists names of earlier layers, `input` (the model input) or `previous` (the layer
/// before, or the model input for the first layer); empty means `[previous]`, so a list of nodes
/// without names is a sequential model.
public struct GraphNode: Sendable, Equatable {
  /// The layer's name; nil for an automatic Keras-style name.
  public var name: String?
  /// The layer's type and arguments.
  public var layer: LayerConfig
  /// Input references; empty means the layer before.
  public var inputs: [String]

  /// Creates a node.
  public init(name: String? = nil, _ layer: LayerConfig, inputs: [String] = []) {
    self.name = name
    self.layer = layer
    self.inputs = inputs
  }
}
