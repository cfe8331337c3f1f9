import NN
import Spec
import Tensors
import YAML

extension ModelBuilder {
  /// The NN loss of a `loss` component (`mse`, `{type: huber, delta: 2}`, ...).
  ///
  /// `label_smoothing` other than 0 is reported at the argument: the NN losses do not smooth yet.
  public static func makeLoss(_ loss: Component, source: Source?) throws(DiagnosticList) -> Loss {
    guard let kind = Loss.Kind(rawValue: loss.type) else {
      throw DiagnosticList([
        diagnostic(at: loss.mark, "loss '\(loss.type)' cannot be built", keyPath: "loss", source: source)
      ])
    }
    if let smoothing = loss.arguments["label_smoothing"]?.asDouble, smoothing != 0 {
      throw DiagnosticList([
        diagnostic(
          at: loss.argumentMarks["label_smoothing"] ?? loss.mark,
          "\(loss.type): label_smoothing is not supported yet; got \(smoothing), only 0 is",
          keyPath: "loss.label_smoothing", source: source)
      ])
    }
    let fromLogits = loss.arguments["from_logits"].map { $0 == .bool(true) } ?? false
    let delta = Float(loss.arguments["delta"]?.asDouble ?? 1)
    return Loss(kind, fromLogits: fromLogits, delta: delta)
  }

  /// Throws unless targets of `targetShape` fit the model's predictions of `predictionShape`
  /// (both without the batch dimension), reported at the loss's position with both shapes.
  ///
  /// As Keras, a trailing axis of 1 is squeezed: `[]` targets (one value per example) fit `[1]`
  /// predictions for losses other than sparse categorical crossentropy; see `adaptTargets`.
  public static func checkLoss(
    _ loss: Loss, at component: Component, predictionShape: Shape, targetShape: Shape, source: Source?
  ) throws(DiagnosticList) {
    do {
      try loss.checkShapes(prediction: predictionShape, target: targetShape)
    } catch {
      throw DiagnosticList([
        diagnostic(
          at: component.mark,
          "loss does not fit the model: \(error.description) (model output \(predictionShape), "
            + "targets \(targetShape) per example)",
          keyPath: "loss", source: source)
      ])
    }
  }

  /// The per-example target shape the trainer should use: the prediction shape when the two only
  /// differ by a trailing axis of 1 (Keras squeezes), otherwise `targetShape` unchanged.
  ///
  /// Sparse categorical labels keep their shape (they have no class axis by design).
  public static func adaptedTargetShape(_ targetShape: Shape, predictionShape: Shape, loss: Loss) -> Shape {
    guard loss.kind != .sparseCategoricalCrossentropy, targetShape != predictionShape else {
      return targetShape
    }
    func squeezed(_ s: Shape) -> Shape { s.dims.last == 1 ? Shape(Array(s.dims.dropLast())) : s }
    return squeezed(targetShape) == squeezed(predictionShape) ? predictionShape : targetShape
  }

  /// A view of batched `targets` (`[N] + targetShape`) with the shape `adaptedTargetShape` gives,
  /// e.g. `[N]` labels against `[N, 1]` predictions become `[N, 1]`. No copy is made.
  public static func adaptTargets(_ targets: Tensor, predictionShape: Shape, loss: Loss) -> Tensor {
    let perExample = targets.shape.unbatched
    let adapted = adaptedTargetShape(perExample, predictionShape: predictionShape, loss: loss)
    return adapted == perExample ? targets : targets.reshaped(adapted.batched(targets.shape[0]))
  }
}
