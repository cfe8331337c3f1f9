import NN
import Spec
import Tensors
import YAML

extension ModelBuilder {
  /// The NN loss of a `loss` component (`mse`, `{type: huber, delta: 2}`, `kld`, ...).
  ///
  /// Keras's other names (`mean_squared_error`, `kld`, `logcosh`, ...) are types of their own in the
  /// schema and stay as written in the resolved spec; they build the same loss as the canonical name.
  public static func makeLoss(_ loss: Component, source: Source?) throws(DiagnosticList) -> Loss {
    guard let kind = Loss.Kind(rawValue: loss.type) ?? Loss.aliases[loss.type] else {
      throw DiagnosticList([
        diagnostic(at: loss.mark, "loss '\(loss.type)' cannot be built", keyPath: "loss", source: source)
      ])
    }
    func float(_ name: String, _ fallback: Float) -> Float {
      loss.arguments[name]?.asDouble.map { Float($0) } ?? fallback
    }
    func bool(_ name: String) -> Bool { loss.arguments[name].map { $0 == .bool(true) } ?? false }
    return Loss(
      kind, fromLogits: bool("from_logits"), delta: float("delta", 1),
      labelSmoothing: float("label_smoothing", 0), gamma: float("gamma", 2), alpha: float("alpha", 0.25),
      applyClassBalancing: bool("apply_class_balancing"))
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
