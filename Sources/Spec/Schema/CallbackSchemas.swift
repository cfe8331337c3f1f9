extension Schemas {
  static let monitor = ArgumentSchema.string(
    "monitor", "val_loss", "Metric watched (`loss`, `val_loss`, `val_accuracy`...).")
  static let mode = ArgumentSchema.choice(
    "mode", ["auto", "min", "max"], "auto",
    "Whether lower or higher is better; auto: max for accuracy-like names.")

  /// The callbacks.
  public static let callbacks = FamilySchema(
    family: .callback,
    doc: "Callbacks, as Keras 3's `keras.callbacks`, run in the order listed.",
    common: [],
    types: [
      TypeSchema(
        "lr_history", "Records the learning rate to lr_history.csv.",
        [
          .choice("every", ["step", "epoch"], "epoch", "Record every step or every epoch."),
          .bool("per_parameter", false, "Also record each parameter's effective step size."),
        ]),
      TypeSchema(
        "early_stopping", "Stops when the monitored metric stops improving.",
        [
          monitor, .double("min_delta", 0, .atLeast(0), "Smallest change that counts as improvement."),
          .int("patience", 0, .atLeast(0), "Epochs without improvement before stopping."), mode,
          .optional("baseline", .double, "Value the metric must beat."),
          .bool("restore_best_weights", false, "Restore the best epoch's weights when stopping."),
          .int("start_from_epoch", 0, .atLeast(0), "Epochs to wait before watching."),
        ]),
      TypeSchema(
        "model_checkpoint", "Saves weights (safetensors) to the run folder's checkpoints.",
        [
          monitor, .bool("save_best_only", false, "Save only when the monitored metric improves."), mode,
          .int("every", 1, .atLeast(1), "Epochs between saves."),
          .string(
            "filename", "epoch_{epoch}.safetensors", "File name template; `{epoch}` is the 1-based epoch."),
        ]),
      TypeSchema(
        "reduce_lr_on_plateau", "Multiplies the learning rate by factor when the metric stalls.",
        [
          monitor, .double("factor", 0.1, .range(0, 1, lowClosed: false, highClosed: false), "Multiplier."),
          .int("patience", 10, .atLeast(0), "Epochs without improvement before reducing."), mode,
          .double("min_delta", 1e-4, .atLeast(0), "Smallest change that counts as improvement."),
          .int("cooldown", 0, .atLeast(0), "Epochs to wait after a reduction."),
          .double("min_lr", 0, .atLeast(0), "Lower bound on the learning rate."),
        ]),
      TypeSchema(
        "learning_rate_scheduler", "Sets lr = value(epoch, lr) at each epoch's start (epoch from 0).",
        [
          .required(
            "value", .expression(variables: schedulerCallbackVariables), "The formula (see Expressions).")
        ],
        example: "{type: learning_rate_scheduler, value: \"epoch < 10 ? lr : lr * 0.9\"}"),
      TypeSchema("terminate_on_nan", "Stops training when the loss becomes NaN or infinite."),
      TypeSchema(
        "tensorboard",
        "Writes TensorBoard event files: scalars to `<log_dir>/train` and `<log_dir>/validation`, weight and gradient histograms, and a sweep's HParams (see docs/run-folder.md, docs/sweeps.md).",
        [
          .string(
            "log_dir", "tensorboard",
            "Folder of the event files; a relative path is inside the run folder (Keras's default is `logs`)."),
          .int(
            "histogram_freq", 0, .atLeast(0),
            "Epochs between weight and last-batch gradient histograms (at epochs 0, N, 2N...); 0: none."),
          ArgumentSchema(
            "update_freq", .intOrChoice(["epoch", "batch"]), default: .string("epoch"), .atLeast(1),
            doc: "`epoch`: scalars per epoch only; `batch` or N: also `batch_*` scalars every N batches (as Keras)."),
          .bool("write_steps_per_second", false, "Also write `epoch_steps_per_second`."),
          .bool("write_graph", true, "Accepted for Keras compatibility; no graph is written."),
          .bool("write_images", false, "Accepted for Keras compatibility; no weight images are written."),
          .int("profile_batch", 0, .atLeast(0), "Accepted for Keras compatibility; nothing is profiled."),
          .int("embeddings_freq", 0, .atLeast(0), "Accepted for Keras compatibility; no embeddings are written."),
        ],
        example: "{type: tensorboard, update_freq: 100, histogram_freq: 5}"),
    ],
    hasName: false)
}
