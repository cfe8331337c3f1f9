/// The algorithms with a Keras rule only, with Keras 3's argument names and defaults.
/// `weightDecay` is Keras's decoupled `w −= w·wd·lr` before the update.
extension Optimizer {
  private static func make(
    _ name: String, _ rule: any UpdateRule, _ lr: LearningRate, _ weightDecay: Double?,
    _ options: OptimizerOptions
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: name)
    try c.learningRate(lr)
    if let wd = weightDecay { try c.nonNegative(wd, "weight_decay") }
    return Optimizer(
      name: name, rule: rule, learningRate: lr, weightDecay: weightDecay, clipping: options.clipping,
      weightDecayExclusions: options.weightDecayExclusions)
  }

  /// `adadelta`. Defaults: learning_rate 0.001, rho 0.95, epsilon 1e-7.
  public static func adadelta(
    learningRate: LearningRate = 0.001, rho: Double = 0.95, epsilon: Double = 1e-7,
    weightDecay: Double? = nil,
    options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: "adadelta")
    try c.unit(rho, "rho")
    try c.nonNegative(epsilon, "epsilon")
    return try make("adadelta", AdadeltaRule(rho: rho, epsilon: epsilon), learningRate, weightDecay, options)
  }

  /// `adamax`. Defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
  public static func adamax(
    learningRate: LearningRate = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
    weightDecay: Double? = nil, options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: "adamax")
    try c.beta(beta1, "beta_1")
    try c.unit(beta2, "beta_2")
    try c.nonNegative(epsilon, "epsilon")
    return try make(
      "adamax", AdamaxRule(beta1: beta1, beta2: beta2, epsilon: epsilon), learningRate, weightDecay, options)
  }

  /// `nadam`. Defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
  public static func nadam(
    learningRate: LearningRate = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
    weightDecay: Double? = nil, options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    try ArgumentCheck(owner: "nadam").moments(beta1: beta1, beta2: beta2, epsilon: epsilon)
    return try make(
      "nadam", NadamRule(beta1: beta1, beta2: beta2, epsilon: epsilon), learningRate, weightDecay, options)
  }

  /// `lion`. Defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.99.
  public static func lion(
    learningRate: LearningRate = 0.001, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double? = nil,
    options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: "lion")
    try c.check(beta1 > 0 && beta1 <= 1, "beta_1", "in (0, 1] (otherwise Lion degenerates to SignSGD)", beta1)
    try c.unit(beta2, "beta_2")
    return try make("lion", LionRule(beta1: beta1, beta2: beta2), learningRate, weightDecay, options)
  }

  /// `lamb`. Defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
  public static func lamb(
    learningRate: LearningRate = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7,
    weightDecay: Double? = nil, options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    try ArgumentCheck(owner: "lamb").moments(beta1: beta1, beta2: beta2, epsilon: epsilon)
    return try make(
      "lamb", LambRule(beta1: beta1, beta2: beta2, epsilon: epsilon), learningRate, weightDecay, options)
  }

  /// `ftrl`. Defaults: learning_rate 0.001, learning_rate_power −0.5, initial_accumulator_value 0.1,
  /// l1_regularization_strength 0, l2_regularization_strength 0,
  /// l2_shrinkage_regularization_strength 0, beta 0.
  public static func ftrl(
    learningRate: LearningRate = 0.001, learningRatePower: Double = -0.5,
    initialAccumulatorValue: Double = 0.1,
    l1RegularizationStrength: Double = 0, l2RegularizationStrength: Double = 0,
    l2ShrinkageRegularizationStrength: Double = 0, beta: Double = 0, weightDecay: Double? = nil,
    options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: "ftrl")
    try c.check(learningRatePower <= 0, "learning_rate_power", "<= 0", learningRatePower)
    try c.nonNegative(initialAccumulatorValue, "initial_accumulator_value")
    try c.nonNegative(l1RegularizationStrength, "l1_regularization_strength")
    try c.nonNegative(l2RegularizationStrength, "l2_regularization_strength")
    try c.nonNegative(l2ShrinkageRegularizationStrength, "l2_shrinkage_regularization_strength")
    let rule = FtrlRule(
      learningRatePower: learningRatePower, initialAccumulatorValue: initialAccumulatorValue,
      l1: l1RegularizationStrength, l2: l2RegularizationStrength,
      l2Shrinkage: l2ShrinkageRegularizationStrength,
      beta: beta)
    return try make("ftrl", rule, learningRate, weightDecay, options)
  }
}
