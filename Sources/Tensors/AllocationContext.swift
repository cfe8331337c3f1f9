/// What is being allocated now, named for the message when memory runs out
/// (`layer 'conv2d_3' (Conv2D) buffers at batch size 16`, `optimizer slots for 'dense/kernel'`).
///
/// Set around the loops that allocate a model's buffers and an optimizer's state. A task-local
/// value (bound to the thread outside tasks), so that models built side by side, as tests do,
/// each name their own; setting it is cheap next to the allocations it describes.
public enum AllocationContext {
  /// The description in force, or nil outside any `with` (a tensor is then named by its shape).
  @TaskLocal public static var current: String?

  /// Runs `body` with `what` as the current description, restoring the previous one after.
  @discardableResult
  public static func with<Result>(_ what: String, _ body: () throws -> Result) rethrows -> Result {
    try $current.withValue(what, operation: body)
  }
}
