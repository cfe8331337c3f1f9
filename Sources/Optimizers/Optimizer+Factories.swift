/// The algorithms that have both a Keras and a PyTorch rule. A `nil` argument takes the default of
/// the chosen `formula` (listed per factory as keras / pytorch). `weightDecay` is Keras's decoupled
/// `w −= w·wd·lr` under `formula: keras` and for AdamW, and PyTorch's coupled `g += wd·w` for the
/// other PyTorch rules.
extension Optimizer {
  /// `sgd`. Defaults: learning_rate 0.01 / 0.001, momentum 0, nesterov false, dampening — / 0,
  /// weight_decay none / 0.
  public static func sgd(
    formula: UpdateFormula = .keras, learningRate: LearningRate? = nil, momentum: Double = 0,
    nesterov: Bool = false, dampening: Double? = nil, weightDecay: Double? = nil,
    options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: "sgd")
    let lr = learningRate ?? .constant(formula == .keras ? 0.01 : 0.001)
    try c.learningRate(lr)
    try c.pytorchOnly(formula, dampening, "dampening")
    if formula == .keras { try c.unit(momentum, "momentum") } else { try c.nonNegative(momentum, "momentum") }
    if formula == .pytorch, nesterov {
      try c.check(
        momentum > 0 && (dampening ?? 0) == 0, "nesterov", "used with momentum > 0 and dampening 0", nesterov)
    }
    if let wd = weightDecay { try c.nonNegative(wd, "weight_decay") }
    let rule = SGDRule(
      formula: formula, momentum: momentum, nesterov: nesterov, dampening: dampening ?? 0,
      coupledWeightDecay: formula == .pytorch ? weightDecay ?? 0 : 0)
    return Optimizer(
      name: "sgd", rule: rule, learningRate: lr, weightDecay: formula == .keras ? weightDecay : nil,
      clipping: options.clipping, weightDecayExclusions: options.weightDecayExclusions)
  }

  /// `adam`. Defaults: learning_rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7 / 1e-8,
  /// amsgrad false, bias_correction true, weight_decay none / 0.
  public static func adam(
    formula: UpdateFormula = .keras, learningRate: LearningRate? = nil, beta1: Double = 0.9,
    beta2: Double = 0.999, epsilon: Double? = nil, amsgrad: Bool = false, biasCorrection: Bool = true,
    weightDecay: Double? = nil, options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    try adamFamily(
      name: "adam", formula: formula, learningRate: learningRate, beta1: beta1, beta2: beta2,
      epsilon: epsilon,
      amsgrad: amsgrad, biasCorrection: biasCorrection, decoupled: formula == .keras ? weightDecay : nil,
      coupled: formula == .pytorch ? weightDecay ?? 0 : 0, options: options)
  }

  /// `adamw`: Adam with decoupled weight decay (Loshchilov & Hutter 2019) applied before the
  /// update. Defaults: as `adam`, with weight_decay 0.004 / 0.01.
  public static func adamW(
    formula: UpdateFormula = .keras, learningRate: LearningRate? = nil, weightDecay: Double? = nil,
    beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double? = nil, amsgrad: Bool = false,
    biasCorrection: Bool = true, options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    try adamFamily(
      name: "adamw", formula: formula, learningRate: learningRate, beta1: beta1, beta2: beta2,
      epsilon: epsilon,
      amsgrad: amsgrad, biasCorrection: biasCorrection,
      decoupled: weightDecay ?? (formula == .keras ? 0.004 : 0.01), coupled: 0, options: options)
  }

  private static func adamFamily(
    name: String, formula: UpdateFormula, learningRate: LearningRate?, beta1: Double, beta2: Double,
    epsilon: Double?, amsgrad: Bool, biasCorrection: Bool, decoupled: Double?, coupled: Double,
    options: OptimizerOptions
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: name)
    let lr = learningRate ?? .constant(0.001)
    let eps = epsilon ?? (formula == .keras ? 1e-7 : 1e-8)
    try c.learningRate(lr)
    try c.moments(beta1: beta1, beta2: beta2, epsilon: eps)
    if let wd = decoupled { try c.nonNegative(wd, "weight_decay") }
    try c.nonNegative(coupled, "weight_decay")
    let rule = AdamRule(
      formula: formula, beta1: beta1, beta2: beta2, epsilon: eps, amsgrad: amsgrad,
      biasCorrection: biasCorrection, coupledWeightDecay: coupled)
    return Optimizer(
      name: name, rule: rule, learningRate: lr, weightDecay: decoupled, clipping: options.clipping,
      weightDecayExclusions: options.weightDecayExclusions)
  }

  /// `rmsprop`. Defaults: learning_rate 0.001 / 0.01, rho 0.9 / 0.99 (PyTorch's `alpha`), momentum 0,
  /// epsilon 1e-7 / 1e-8, centered false, weight_decay none / 0.
  public static func rmsprop(
    formula: UpdateFormula = .keras, learningRate: LearningRate? = nil, rho: Double? = nil,
    momentum: Double = 0,
    epsilon: Double? = nil, centered: Bool = false, weightDecay: Double? = nil,
    options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: "rmsprop")
    let keras = formula == .keras
    let lr = learningRate ?? .constant(keras ? 0.001 : 0.01)
    let rho = rho ?? (keras ? 0.9 : 0.99)
    let eps = epsilon ?? (keras ? 1e-7 : 1e-8)
    try c.learningRate(lr)
    try c.unit(rho, "rho")
    try c.unit(momentum, "momentum")
    if keras { try c.positive(eps, "epsilon") } else { try c.nonNegative(eps, "epsilon") }
    if let wd = weightDecay { try c.nonNegative(wd, "weight_decay") }
    let rule = RMSpropRule(
      formula: formula, rho: rho, momentum: momentum, epsilon: eps, centered: centered,
      coupledWeightDecay: keras ? 0 : weightDecay ?? 0)
    return Optimizer(
      name: "rmsprop", rule: rule, learningRate: lr, weightDecay: keras ? weightDecay : nil,
      clipping: options.clipping, weightDecayExclusions: options.weightDecayExclusions)
  }

  /// `adagrad`. Defaults: learning_rate 0.001 / 0.01, initial_accumulator_value 0.1 / 0,
  /// epsilon 1e-7 / 1e-10, lr_decay — / 0, weight_decay none / 0.
  public static func adagrad(
    formula: UpdateFormula = .keras, learningRate: LearningRate? = nil,
    initialAccumulatorValue: Double? = nil,
    epsilon: Double? = nil, learningRateDecay: Double? = nil, weightDecay: Double? = nil,
    options: OptimizerOptions = .init()
  ) throws -> Optimizer {
    let c = ArgumentCheck(owner: "adagrad")
    let keras = formula == .keras
    let lr = learningRate ?? .constant(keras ? 0.001 : 0.01)
    let initial = initialAccumulatorValue ?? (keras ? 0.1 : 0)
    let eps = epsilon ?? (keras ? 1e-7 : 1e-10)
    try c.learningRate(lr)
    try c.pytorchOnly(formula, learningRateDecay, "lr_decay")
    try c.nonNegative(initial, "initial_accumulator_value")
    try c.nonNegative(eps, "epsilon")
    try c.nonNegative(learningRateDecay ?? 0, "lr_decay")
    if let wd = weightDecay { try c.nonNegative(wd, "weight_decay") }
    let rule = AdagradRule(
      formula: formula, initialAccumulatorValue: initial, epsilon: eps,
      learningRateDecay: learningRateDecay ?? 0,
      coupledWeightDecay: keras ? 0 : weightDecay ?? 0)
    return Optimizer(
      name: "adagrad", rule: rule, learningRate: lr, weightDecay: keras ? weightDecay : nil,
      clipping: options.clipping, weightDecayExclusions: options.weightDecayExclusions)
  }
}
