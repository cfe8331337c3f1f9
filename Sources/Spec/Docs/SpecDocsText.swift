/// The hand-written prose around the generated tables of docs/spec.md.
enum SpecDocsText {
  static let introduction = """
    # Experiment file reference

    <!-- Generated from the schema tables in Sources/Spec/Schema by `SpecDocs.markdown()`. Do not edit
    by hand: change the schema, then run `RECORD_DOCS=1 swift test --filter SpecDocsTests`. -->

    An experiment file is one YAML mapping. `optim-run SPEC.yaml` runs it;
    `optim-run validate SPEC.yaml` checks it and reports every problem at once, each as
    `FILE:LINE:COL: error: MESSAGE` with the source line and a caret.

    Rules that hold everywhere:

    - **Names, arguments and defaults are Keras 3's**, in snake_case. Every default below is
      Keras's unless it says otherwise.
    - **Typed things** (layers, optimizers, schedules, callbacks, data sets, losses, metrics,
      initializers) are mappings with `type:`; a bare name is the type with its defaults
      (`optimizer: adam` is `optimizer: {type: adam}`).
    - **Nothing is silent**: an unknown key, an unknown type, a value of the wrong kind (a string where
      a number belongs; an integer where a number belongs is fine) or a value out of range is an error.
    - **Integers fit in 32 bits**: every integer but `seed` is at most 2,147,483,647 in size, and no
      tensor (the model's input, a layer's output for one example, a layer's parameters) may hold
      more than 2^31 values. A run whose synthetic data or training buffers cannot fit in memory is
      refused before anything is allocated.
    - **Every key has a dotted path** (`optimizer.learning_rate`, `model.layers.2.filters`; list items
      by index), used by `--set` and by sweeps. In `--set`, a key that itself holds dots goes in
      brackets: `sweep.parameters[optimizer.learning_rate]`.
    - `null` means "not set" for keys whose default is null.
    - **Editors** complete and check specs with the JSON Schema `docs/optim-run.schema.json`
      (`optim-run schema` prints it; generated from the same tables as this page): a spec's first
      line `# yaml-language-server: $schema=../docs/optim-run.schema.json` points the YAML language
      server at it (see README.md, Editor support). The schema checks each key on its own; checks
      across keys (layer inputs, sweep settings, data/model/loss versus objective) are
      `optim-run validate`'s.

    ## Command line

    - `optim-run SPEC [--set KEY.PATH=VALUE]... [--out DIR] [--progress auto|bar|lines|none] [--quiet] [--json]`
      runs the experiment (training, objective or sweep) and writes its run folder
      (`docs/run-folder.md`, `docs/sweeps.md`). Exit status: 0 completed (early stopping included),
      1 failed at run time, 2 spec or usage error, 3 data error, 4 diverged (NaN/Inf), 130
      interrupted (SIGINT/SIGTERM, after the logs were flushed).
    - `optim-run summary SPEC [--set KEY.PATH=VALUE]... [--format text|json] [--batch-size N]` prints
      the model's layers, output shapes, parameter counts, FLOPs and memory without loading data
      (it needs `model.input`).
    - `optim-run validate SPEC... [--set KEY.PATH=VALUE]... [--format text|json] [--print] [--print-hash]`:
      exit status 0 when all files are valid, 1 when any is not, 2 on a usage error.
    - `optim-run schema` prints the JSON Schema of this format (draft 2020-12) to stdout.
    - `--set KEY.PATH=VALUE` (repeatable, every command) overrides a key before validation. The value is YAML:
      `--set train.epochs=3`, `--set 'optimizer={type: sgd, momentum: 0.9}'`. A key that does not
      exist is inserted and then validated like any other (so a misspelt key is reported). Problems
      in an override are reported at `<command line>:N:COL`, where N counts the `--set` arguments.
    - `--print` prints the **resolved spec**: every default filled in and every override applied.
      Loading it again gives the same experiment; a run saves it as its `spec.yaml`.
    - `--print-hash` prints the SHA-256 of the resolved spec's canonical form (compact JSON, keys
      sorted, numbers normalized): the experiment's identity.

    """

  static let kerasHabits = """
    Keys and names that Keras users write out of habit get a hint saying what to write here, in
    place of "did you mean" (`unknown key 'lr' in optimizer (adam); Keras 3 calls it learning_rate`).
    Any registered type written as Keras's class name or without underscores (`Adam`,
    `MaxPooling2D`, `BatchNormalization`) is pointed to its snake_case name; the others:
    """

  static let closing = """

    ## Regularizers

    `kernel_regularizer` takes `{l2: 0.01}`, `{l1: 0.01}` or `{l1: 0.01, l2: 0.01}` (Keras's `L1`,
    `L2`, `L1L2`): the loss gains `l1 · Σ|w| + l2 · Σw²`. The missing one is 0. `null`: none.

    ## Graphs

    A layer's input is the layer before it (the model input for the first). A layer that names
    others in `inputs` takes those instead; `previous` stands for the layer before. Named layers must
    be unique, and `inputs` may only name layers that come earlier. `add` and `concatenate` need two
    or more inputs.

    ## Expressions

    `schedule: {type: expression}` and the `learning_rate_scheduler` callback take a formula as a
    string: numbers, the listed variables, `+ - * / ^` (`^` is right-associative and binds tighter
    than unary minus), comparisons `< <= > >= == !=` (1 or 0), `and`, `or`, `not`, `c ? a : b`,
    parentheses and `exp log sqrt cos sin min max abs floor ceil`. Variables: `epoch` (from 0),
    `step` (from 0), `lr` (the current learning rate), `initial_lr`.

    ## Sweeps

    `sweep.parameters` maps dotted paths to the values they take, Keras Tuner / Optuna style:

    ```yaml
    sweep:
      method: random
      trials: 20
      repeats: 3                 # or seeds: [1, 2, 3]
      parameters:
        optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
        optimizer.beta_1: {uniform: [0.8, 0.99]}
        train.batch_size: {int_uniform: [16, 128]}
        optimizer.type: {choice: [adam, nadam]}
        model.layers.0.units: [32, 64]
    ```

    - A list (or `{choice: [...]}`) lists the values; each may be a whole subtree
      (`optimizer: [{type: sgd}, {type: adam}]`). `{uniform: [a, b]}` (a < b) and
      `{log_uniform: [a, b]}` (0 < a < b) draw a number, `{int_uniform: [a, b]}` (a <= b) an integer
      from a to b, both ends included. `grid` combines lists only; ranges need `trials`.
    - Draws come from one SplitMix64 stream seeded with `seed`, configuration by configuration,
      parameter by parameter in the order written, one number each: with x the number and
      u = (x >> 11) · 2⁻⁵³, a choice takes value `x mod count`, uniform a + (b − a)·u, log_uniform
      exp(log a + (log b − log a)·u), int_uniform a + x mod (b − a + 1). The same spec always gives
      the same trials.
    - Each configuration runs `repeats` times with seeds `seed`, `seed` + 1, ..., or once per entry of
      `seeds`; trial `configuration × repeats + repeat` is `trial-NNN`. Repeats share their
      configuration's values.
    - `halving` (successive halving) trains every configuration for `min_epochs` (each trial's spec has
      `train.epochs: min_epochs`), keeps the best `1/eta` (at least one), trains those `eta` times as
      many epochs (at most `max_epochs`), and so on until a rung reaches `max_epochs` or keeps one
      configuration. With 27 configurations, `eta: 3` and epochs 1 to 27, 27 configurations train
      1 epoch, 9 train 3, 3 train 9 and 1 trains 27. Objective experiments have steps, not epochs,
      so they cannot be halved; `train.epochs` cannot be swept in a halving sweep.
    - Every listed value, and both ends of a range, is checked by substituting it into the spec, so a
      misspelt path or an invalid value is reported at the sweep entry.

    """
}
