import Tensors

/// A model: layers in a directed acyclic graph with one input and one output (the last layer).
///
/// Construction names the layers (Keras style: per type a counter, `conv2d`, `conv2d_1`, ...),
/// resolves input references and infers every shape, throwing before anything is allocated.
/// `build(maxBatchSize:)` then creates parameters and buffers once. Layers are kept in the node
/// order, which is topological because inputs may only name earlier layers.
public final class Graph {
  /// The model input's shape, without the batch dimension.
  public let inputShape: Shape
  /// The layers, in topological (node) order.
  public let layers: [any Layer]
  /// For each layer, the indices of its inputs (−1 is the model input).
  public let inputIndices: [[Int]]
  /// For each layer, its output shape without the batch dimension.
  public let outputShapes: [Shape]
  /// The experiment seed (initializers, dropout).
  public let seed: UInt64
  /// Training forward passes done so far; names the dropout streams (`dropout/<layer>/step-<n>`).
  /// Set it when resuming a run.
  public var trainingStep = 0
  /// The largest batch the buffers hold; 0 before `build`.
  public private(set) var maxBatchSize = 0
  /// Whether `build` left out the gradient buffers (forward passes only).
  public private(set) var isBuiltForInference = false
  /// What was wrong with the last forward's input (an embedding id out of range), or nil. The
  /// output of such a pass is not meaningful: training, evaluation and prediction stop with it.
  public private(set) var inputProblem: String?

  private var outputs: [Tensor?]
  /// For each layer, how many layers take its output as an input.
  private(set) var consumerCounts: [Int]
  private var gradientSums: [BatchBuffer?] = []
  private var finalOutput: BatchBuffer!
  private var lossGradient: BatchBuffer!
  private var lastBatch = 0
  /// Backward bookkeeping per layer: the gradient waiting for it, and how many consumers sent one.
  private var pending: [Tensor?] = []
  private var arrived: [Int] = []
  /// Per layer: whether its backward pass computes anything a parameter needs (see `build`).
  private var needsBackward: [Bool] = []
  private let workspace = Conv2DWorkspace()
  /// The input-gradient memory the layers share (nil before `build`, for inference, or unshared).
  private(set) var gradientPool: GradientBufferPool?
  /// The layers that check their input in forward (`InputValidatingLayer`).
  private var validatingLayers: [Int] = []
  /// When set, training forward and backward passes add each layer's wall time to it.
  public var layerTimes: LayerTimes?

  /// Resolves names and infers shapes; throws for unknown or duplicate names and shape mismatches.
  public init(inputShape: Shape, nodes: [GraphNode], seed: UInt64) throws(GraphError) {
    guard !nodes.isEmpty else { throw GraphError(nodeIndex: nil, message: "the model has no layers") }
    guard let inputCount = inputShape.checkedCount, inputCount <= Shape.maxElements else {
      throw GraphError(
        nodeIndex: nil,
        message: "the model's input \(inputShape) has more than \(Shape.maxElements) elements per example",
        isAboutInput: true)
    }
    self.inputShape = inputShape
    self.seed = seed
    var names: [String] = []
    var indexByName: [String: Int] = [:]
    let explicit = Set(nodes.compactMap(\.name))
    var counters: [String: Int] = [:]
    for (i, node) in nodes.enumerated() {
      let name: String
      if let given = node.name {
        guard given != "input" && given != "previous" else {
          throw GraphError(nodeIndex: i, message: "layer name '\(given)' is reserved")
        }
        guard indexByName[given] == nil else {
          throw GraphError(nodeIndex: i, message: "duplicate layer name '\(given)'")
        }
        name = given
      } else {
        let stem = node.layer.typeName
        var candidate: String
        repeat {
          let n = counters[stem, default: 0]
          counters[stem] = n + 1
          candidate = n == 0 ? stem : "\(stem)_\(n)"
        } while explicit.contains(candidate) || indexByName[candidate] != nil
        name = candidate
      }
      names.append(name)
      indexByName[name] = i
    }
    var layers: [any Layer] = []
    var inputIndices: [[Int]] = []
    var shapes: [Shape] = []
    for (i, node) in nodes.enumerated() {
      let refs = node.inputs.isEmpty ? ["previous"] : node.inputs
      var indices: [Int] = []
      for ref in refs {
        switch ref {
        case "input": indices.append(-1)
        case "previous": indices.append(i - 1)
        default:
          guard let j = indexByName[ref] else {
            throw GraphError(nodeIndex: i, message: "layer '\(names[i])': unknown input '\(ref)'")
          }
          guard j < i else {
            throw GraphError(
              nodeIndex: i,
              message: "layer '\(names[i])': input '\(ref)' is defined after it; list it earlier")
          }
          indices.append(j)
        }
      }
      let layer = node.layer.makeLayer(name: names[i])
      let inShapes = indices.map { $0 < 0 ? inputShape : shapes[$0] }
      do {
        let out = try layer.outputShape(for: inShapes)
        try Graph.checkSize(of: layer, output: out, inputShapes: inShapes)
        shapes.append(out)
      } catch {
        throw GraphError(nodeIndex: i, message: error.description, shapeError: error)
      }
      layers.append(layer)
      inputIndices.append(indices)
    }
    self.layers = layers
    self.inputIndices = inputIndices
    self.outputShapes = shapes
    outputs = Array(repeating: nil, count: layers.count)
    consumerCounts = Array(repeating: 0, count: layers.count)
    pending = Array(repeating: nil, count: layers.count)
    arrived = Array(repeating: 0, count: layers.count)
    for indices in inputIndices { for j in indices where j >= 0 { consumerCounts[j] += 1 } }
    validatingLayers = layers.indices.filter { layers[$0] is any InputValidatingLayer }
  }

  /// The model output's shape, without the batch dimension.
  public var outputShape: Shape { outputShapes[outputShapes.count - 1] }

  /// The input shapes of layer `i`.
  public func inputShapes(ofLayer i: Int) -> [Shape] {
    inputIndices[i].map { $0 < 0 ? inputShape : outputShapes[$0] }
  }

  /// Creates parameters (initialised from the seed) and every buffer for batches up to `maxBatchSize`;
  /// `forInference` leaves out every gradient buffer (a model that only predicts or evaluates).
  /// `sharesGradientBuffers` lets input gradients that are never alive at once share memory
  /// (`GradientBufferPool`); the results are the same either way.
  public func build(maxBatchSize: Int, forInference: Bool = false, sharesGradientBuffers: Bool = true) {
    precondition(maxBatchSize > 0 && self.maxBatchSize == 0, "build once, with a positive batch size")
    self.maxBatchSize = maxBatchSize
    self.isBuiltForInference = forInference
    if let last = layers[layers.count - 1] as? any ActivatedLayer,
      [.softmax, .sigmoid].contains(last.outputActivation)
    {
      last.keepsPreactivation = true
    }
    var context = LayerContext(seed: seed, workspace: workspace, forInference: forInference)
    if sharesGradientBuffers && !forInference {
      let pool = GradientBufferPool(
        layers: layers, inputIndices: inputIndices, inputShapes: inputShapes(ofLayer:),
        consumerCounts: consumerCounts, maxBatchSize: maxBatchSize)
      context.gradientPool = pool
      gradientPool = pool
    }
    // Named for the message should memory run out (see Tensor.allocationFailureHandler).
    for (i, layer) in layers.enumerated() {
      context.layerIndex = i
      AllocationContext.with(
        "layer '\(layer.name)' (\(layer.className)) buffers at batch size \(maxBatchSize)"
      ) {
        do {
          try layer.build(inputShapes: inputShapes(ofLayer: i), maxBatchSize: maxBatchSize, context: context)
        } catch {
          preconditionFailure("shapes were inferred at init: \(error)")
        }
      }
    }
    // Backward work only where a gradient is wanted: a layer runs backward when it or a layer
    // before it has trainable parameters, so parameter-free layers on the input side
    // (augmentation, reshapes) are skipped, and a layer with no such layer before it skips its input
    // gradient where it can (`InputGradientOptional`).
    needsBackward = []
    for (i, layer) in layers.enumerated() {
      let upstream = inputIndices[i].contains { $0 >= 0 && needsBackward[$0] }
      needsBackward.append(upstream || layer.parameters.contains(where: \.trainable))
      if !upstream, let l = layer as? any InputGradientOptional { l.computesInputGradient = false }
    }
    AllocationContext.with("the model's output and gradient buffers at batch size \(maxBatchSize)") {
      gradientSums = consumerCounts.enumerated().map { i, n in
        n > 1 && !forInference ? BatchBuffer(outputShapes[i], maxBatchSize: maxBatchSize) : nil
      }
      finalOutput = BatchBuffer(outputShape, maxBatchSize: maxBatchSize)
      lossGradient = BatchBuffer(
        backwardOnly: outputShape, maxBatchSize: maxBatchSize, context: context)
    }
  }

  /// Runs the layers on a batch `x` of shape `[n] + inputShape`, n ≤ `maxBatchSize`. The result is
  /// the graph's own buffer, valid until the next forward. A training pass advances `trainingStep`.
  public func forward(_ x: Tensor, training: Bool) -> Tensor {
    precondition(maxBatchSize > 0, "forward before build")
    let batch = x.shape[0]
    precondition(batch <= maxBatchSize && x.shape == inputShape.batched(batch), "graph input \(x.shape)")
    let context = LayerContext(seed: seed, step: trainingStep, workspace: workspace)
    let times = training ? layerTimes : nil
    for (i, layer) in layers.enumerated() {
      let inputs = inputIndices[i].map { $0 < 0 ? x : outputs[$0]! }
      let start = times == nil ? 0 : LayerTimes.now()
      outputs[i] = layer.forward(inputs, training: training, context: context)
      times?.addForward(i, since: start)
    }
    times?.countForwardPass()
    inputProblem = nil
    for i in validatingLayers {
      if let problem = (layers[i] as! any InputValidatingLayer).inputProblem {
        inputProblem = problem
        break
      }
    }
    if training { trainingStep += 1 }
    lastBatch = batch
    let y = finalOutput.view(batch)
    y.copy(from: outputs[outputs.count - 1]!)
    return y
  }

  /// Back-propagates d loss / d output through the last forward, in reverse order, summing the
  /// gradients of outputs that feed several layers; parameter gradients accumulate (see
  /// `zeroGradients`). Regularizer gradients are added at the end.
  public func backward(_ lossGradient: Tensor) {
    precondition(!isBuiltForInference, "backward on a graph built for inference")
    propagate(lossGradient, skippingFinalActivation: false)
  }

  /// The final layer when the model ends in softmax or sigmoid and its logits are kept.
  private var logitsLayer: (any ActivatedLayer)? {
    guard let last = layers[layers.count - 1] as? any ActivatedLayer, last.keepsPreactivation,
      [.softmax, .sigmoid].contains(last.outputActivation)
    else { return nil }
    return last
  }

  /// Computes `loss` on the last forward's output against `targets` and back-propagates it;
  /// returns the loss (without the regularization penalty, see `regularizationLoss`).
  ///
  /// As Keras's TensorFlow backend: a crossentropy from probabilities on a model ending in the
  /// matching activation (softmax for categorical and sparse categorical, sigmoid for binary and
  /// binary focal) is computed from the final layer's logits, with the fused stable form and no
  /// clipping.
  public func backward(loss: Loss, targets: Tensor, sampleWeights: Tensor? = nil) -> Float {
    precondition(lastBatch > 0, "backward before forward")
    precondition(!isBuiltForInference, "backward on a graph built for inference")
    let g = lossGradient.view(lastBatch)
    let (value, fromLogits) = computeLoss(loss, targets: targets, sampleWeights: sampleWeights, gradient: g)
    propagate(g, skippingFinalActivation: fromLogits)
    return value
  }

  /// The loss of the last forward's output against `targets`, computed as `backward(loss:...)`
  /// computes it (from the logits where Keras's TensorFlow backend does), without back-propagating:
  /// for validation, so that `val_loss` and `loss` are the same function.
  public func loss(_ loss: Loss, targets: Tensor, sampleWeights: Tensor? = nil) -> Float {
    precondition(lastBatch > 0, "loss before forward")
    return computeLoss(loss, targets: targets, sampleWeights: sampleWeights, gradient: nil).value
  }

  private func computeLoss(_ loss: Loss, targets: Tensor, sampleWeights: Tensor?, gradient g: Tensor?)
    -> (value: Float, fromLogits: Bool)
  {
    if !loss.fromLogits, let layer = logitsLayer {
      let fits: Bool
      switch loss.kind {
      case .categoricalCrossentropy, .sparseCategoricalCrossentropy: fits = layer.outputActivation == .softmax
      case .binaryCrossentropy, .binaryFocalCrossentropy: fits = layer.outputActivation == .sigmoid
      default: fits = false
      }
      if fits {
        var logitsLoss = loss
        logitsLoss.fromLogits = true
        let value = logitsLoss.compute(
          predictions: layer.preactivation, targets: targets, sampleWeights: sampleWeights, gradient: g)
        return (value, true)
      }
    }
    let value = loss.compute(
      predictions: finalOutput.view(lastBatch), targets: targets, sampleWeights: sampleWeights, gradient: g)
    return (value, false)
  }

  private func propagate(_ lossGradient: Tensor, skippingFinalActivation: Bool) {
    let last = layers.count - 1
    // Reused across steps (no per-step allocation); cleared here.
    for i in 0...last {
      pending[i] = nil
      arrived[i] = 0
    }
    pending[last] = lossGradient
    for i in stride(from: last, through: 0, by: -1) {
      guard let g = pending[i], needsBackward[i] else { continue }  // a dead branch, or no parameter before
      let start = layerTimes == nil ? 0 : LayerTimes.now()
      let inputGradients =
        i == last && skippingFinalActivation
        ? (layers[i] as! any ActivatedLayer).backward(preactivationGradient: g) : layers[i].backward(g)
      layerTimes?.addBackward(i, since: start)
      for (slot, j) in inputIndices[i].enumerated() where j >= 0 {
        let d = inputGradients[slot]
        if let sum = gradientSums[j] {
          let s = sum.view(d.shape[0])
          if arrived[j] == 0 { s.copy(from: d) } else { addInPlace(s, d) }
          pending[j] = s
        } else {
          pending[j] = d
        }
        arrived[j] += 1
      }
    }
    for i in 0...last { pending[i] = nil }  // do not keep the step's tensors alive
    for (p, r) in regularizedParameters { r.accumulateGradient(p.value, into: p.gradient) }
  }

  private func addInPlace(_ a: Tensor, _ b: Tensor) {
    precondition(a.count == b.count, "gradient sum \(a.shape) + \(b.shape)")
    let x = a.buffer.baseAddress!, y = UnsafePointer(b.buffer.baseAddress!)
    parallelFor(a.count, workPerItem: 1) { r in
      for i in r { x[i] += y[i] }
    }
  }

  /// Every parameter, in layer order (Keras's `model.weights`).
  public var parameters: [Parameter] { layers.flatMap(\.parameters) }
  /// The parameters optimizers update.
  public var trainableParameters: [Parameter] { parameters.filter(\.trainable) }
  /// Parameters with a regularizer.
  public var regularizedParameters: [(Parameter, Regularizer)] { layers.flatMap(\.regularizedParameters) }

  /// Sets every parameter gradient to zero.
  public func zeroGradients() { for p in parameters { p.gradient.zero() } }

  /// The sum of the regularization penalties, to add to the loss.
  public func regularizationLoss() -> Float {
    regularizedParameters.reduce(0) { $0 + $1.1.penalty($1.0.value) }
  }

  /// The parameter named `name` (`conv2d/kernel`), if any.
  public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

  /// Copies of every parameter value by name (for checkpoints and restoring best weights).
  public func parameterValues() -> [String: [Float]] {
    Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value.toArray()) })
  }

  /// Sets parameter values by name. Every parameter must be given, with its element count.
  public func setParameterValues(_ values: [String: [Float]]) throws(GraphError) {
    try checkParameterValues(values)
    for p in parameters {
      _ = values[p.name]!.withUnsafeBufferPointer { p.value.buffer.update(fromContentsOf: $0) }
    }
  }

  /// Throws unless `values` names every parameter, and only those, each with its element count.
  public func checkParameterValues(_ values: [String: [Float]]) throws(GraphError) {
    let params = parameters
    for p in params {
      guard let v = values[p.name] else {
        throw GraphError(nodeIndex: nil, message: "no value for parameter '\(p.name)' \(p.shape)")
      }
      guard v.count == p.value.count else {
        throw GraphError(
          nodeIndex: nil,
          message: "parameter '\(p.name)' \(p.shape) needs \(p.value.count) values, got \(v.count)")
      }
    }
    let known = Set(params.map(\.name))
    if let extra = values.keys.sorted().first(where: { !known.contains($0) }) {
      throw GraphError(nodeIndex: nil, message: "unknown parameter '\(extra)'")
    }
  }
}
