import Tensors

extension Graph {
  /// Throws when `layer`'s output per example or its parameter count exceeds `Shape.maxElements`.
  static func checkSize(of layer: any Layer, output: Shape, inputShapes: [Shape]) throws(ShapeError) {
    guard let n = output.checkedCount, n <= Shape.maxElements else {
      throw ShapeError(
        layerType: layer.typeName, layerName: layer.name,
        reason: "output \(output) has more than \(Shape.maxElements) elements per example")
    }
    let counts = layer.parameterCount(inputShapes: inputShapes)
    guard saturatingSum(counts.trainable, counts.nonTrainable) <= Shape.maxElements else {
      throw ShapeError(
        layerType: layer.typeName, layerName: layer.name,
        reason: "its parameters would have more than \(Shape.maxElements) elements")
    }
  }
}
