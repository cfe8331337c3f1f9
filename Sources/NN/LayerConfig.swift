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
  case conv2dTranspose(Conv2DTransposeConfig)
  case layerNormalization(LayerNormalizationConfig)
  case globalMaxPooling2d
  case globalAveragePooling1d
  case globalMaxPooling1d
  case zeroPadding2d(top: Int, bottom: Int, left: Int, right: Int)
  case spatialDropout2d(rate: Float)
  case elementwise(ElementwiseMergeLayer.Operation)
  case embedding(EmbeddingConfig)
  case conv1d(Conv1DConfig)
  case depthwiseConv2d(DepthwiseConv2DConfig)
  case separableConv2d(SeparableConv2DConfig)
  case relu(maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0)
  case leakyRelu(negativeSlope: Float = 0.3)
  case prelu(PReLUConfig)
  case softmax(axis: Int = -1)
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
    case .conv2dTranspose: "conv2d_transpose"
    case .layerNormalization: "layer_normalization"
    case .globalMaxPooling2d: "global_max_pooling2d"
    case .globalAveragePooling1d: "global_average_pooling1d"
    case .globalMaxPooling1d: "global_max_pooling1d"
    case .zeroPadding2d: "zero_padding2d"
    case .spatialDropout2d: "spatial_dropout2d"
    case .elementwise(let op): op.rawValue
    case .embedding: "embedding"
    case .conv1d: "conv1d"
    case .depthwiseConv2d: "depthwise_conv2d"
    case .separableConv2d: "separable_conv2d"
    case .relu: "relu"
    case .leakyRelu: "leaky_relu"
    case .prelu: "prelu"
    case .softmax: "softmax"
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
    case .conv2dTranspose(let c): Conv2DTransposeLayer(name: name, config: c)
    case .layerNormalization(let c): LayerNormalizationLayer(name: name, config: c)
    case .globalMaxPooling2d: GlobalPoolingLayer(name: name, kind: .max, spatialRank: 2)
    case .globalAveragePooling1d: GlobalPoolingLayer(name: name, kind: .average, spatialRank: 1)
    case .globalMaxPooling1d: GlobalPoolingLayer(name: name, kind: .max, spatialRank: 1)
    case .zeroPadding2d(let t, let b, let l, let r):
      ZeroPadding2DLayer(name: name, padding: (t, b, l, r))
    case .spatialDropout2d(let rate): SpatialDropout2DLayer(name: name, rate: rate)
    case .elementwise(let op): ElementwiseMergeLayer(name: name, operation: op)
    case .embedding(let c): EmbeddingLayer(name: name, config: c)
    case .conv1d(let c): Conv1DLayer(name: name, config: c)
    case .depthwiseConv2d(let c): DepthwiseConv2DLayer(name: name, config: c)
    case .separableConv2d(let c): SeparableConv2DLayer(name: name, config: c)
    case .relu(let maxValue, let slope, let threshold):
      RectifierLayer(reluNamed: name, maxValue: maxValue, negativeSlope: slope, threshold: threshold)
    case .leakyRelu(let slope): RectifierLayer(leakyReluNamed: name, negativeSlope: slope)
    case .prelu(let c): PReLULayer(name: name, config: c)
    case .softmax(let axis): ActivationLayer(softmaxNamed: name, axis: axis)
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
