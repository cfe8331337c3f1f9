/// The summaries of TensorBoard's HParams dashboard (plugin `hparams`), as
/// `tensorboard.plugins.hparams.summary_v2` writes them: each is a `Summary.Value` whose tensor is
/// an empty float32 tensor of shape `[0]` and whose plugin content is an `HParamsPluginData`
/// message holding an `Experiment` (tag `_hparams_/experiment`: the hyperparameters with their
/// domains and the metrics), a `SessionStartInfo` (`_hparams_/session_start_info`: one trial's
/// values and group) or a `SessionEndInfo` (`_hparams_/session_end_info`: its status).
///
/// Field numbers, from `plugins/hparams/plugin_data.proto` and `api.proto`:
/// `HParamsPluginData { int32 version = 1; Experiment experiment = 2; SessionStartInfo session_start_info = 3; SessionEndInfo session_end_info = 4; }`,
/// `Experiment { double time_created_secs = 3; repeated HParamInfo hparam_infos = 4; repeated MetricInfo metric_infos = 5; }`,
/// `HParamInfo { string name = 1; DataType type = 4; ListValue domain_discrete = 5; Interval domain_interval = 6; }`,
/// `Interval { double min_value = 1; double max_value = 2; }`,
/// `MetricInfo { MetricName name = 1; DatasetType dataset_type = 5; }`, `MetricName { string group = 1; string tag = 2; }`,
/// `SessionStartInfo { map<string, google.protobuf.Value> hparams = 1; string group_name = 4; double start_time_secs = 5; }`,
/// `SessionEndInfo { Status status = 1; double end_time_secs = 2; }`;
/// `google.protobuf.Value { double number_value = 2; string string_value = 3; bool bool_value = 4; }`,
/// `ListValue { repeated Value values = 1; }`.
public enum TensorBoardHParams {
  /// The plugin's name.
  public static let pluginName = "hparams"
  /// The experiment summary's tag.
  public static let experimentTag = "_hparams_/experiment"
  /// A session's start summary's tag.
  public static let sessionStartTag = "_hparams_/session_start_info"
  /// A session's end summary's tag.
  public static let sessionEndTag = "_hparams_/session_end_info"

  /// One hyperparameter value (`google.protobuf.Value`).
  public enum Value: Sendable, Equatable {
    case number(Double)
    case string(String)
    case bool(Bool)
  }

  /// The values a hyperparameter ranges over.
  public enum Domain: Sendable, Equatable {
    /// The listed values (all of one kind: numbers, strings or booleans).
    case discrete([Value])
    /// Every number in `min...max`.
    case interval(min: Double, max: Double)
  }

  /// A hyperparameter of the experiment.
  public struct HParam: Sendable, Equatable {
    /// The name the dashboard shows (a swept path).
    public var name: String
    /// Its values.
    public var domain: Domain
    /// Creates a hyperparameter.
    public init(name: String, domain: Domain) {
      self.name = name
      self.domain = domain
    }
  }

  /// A metric of the experiment: scalar `tag` in the session's subfolder `group` (`train`, `validation`).
  public struct Metric: Sendable, Equatable {
    /// The subfolder of a session's folder holding the scalar.
    public var group: String
    /// The scalar's tag (`epoch_loss`).
    public var tag: String
    /// `DatasetType`: 1 training, 2 validation.
    public var isValidation: Bool
    /// Creates a metric.
    public init(group: String, tag: String, isValidation: Bool) {
      self.group = group
      self.tag = tag
      self.isValidation = isValidation
    }
  }

  /// How a session ended (`Status`).
  public enum Status: Int, Sendable {
    case unknown = 0, success = 1, failure = 2, running = 3
  }

  /// The experiment summary: the hyperparameters and metrics the dashboard shows.
  public static func experiment(hparams: [HParam], metrics: [Metric], timeCreated: Double)
    -> TensorBoardTensorSummary
  {
    var experiment: [UInt8] = []
    ProtobufWire.appendFixed64(field: 3, timeCreated.bitPattern, to: &experiment)
    for h in hparams {
      var info: [UInt8] = []
      ProtobufWire.appendString(field: 1, h.name, to: &info)
      switch h.domain {
      case .discrete(let values):
        ProtobufWire.appendVarint(field: 4, dataType(values), to: &info)
        var list: [UInt8] = []
        for v in values { ProtobufWire.appendBytes(field: 1, encoded(v), to: &list) }
        ProtobufWire.appendBytes(field: 5, list, to: &info)
      case .interval(let low, let high):
        ProtobufWire.appendVarint(field: 4, 3, to: &info)
        var interval: [UInt8] = []
        ProtobufWire.appendFixed64(field: 1, low.bitPattern, to: &interval)
        ProtobufWire.appendFixed64(field: 2, high.bitPattern, to: &interval)
        ProtobufWire.appendBytes(field: 6, interval, to: &info)
      }
      ProtobufWire.appendBytes(field: 4, info, to: &experiment)
    }
    for m in metrics {
      var name: [UInt8] = []
      ProtobufWire.appendString(field: 1, m.group, to: &name)
      ProtobufWire.appendString(field: 2, m.tag, to: &name)
      var info: [UInt8] = []
      ProtobufWire.appendBytes(field: 1, name, to: &info)
      ProtobufWire.appendVarint(field: 5, m.isValidation ? 2 : 1, to: &info)
      ProtobufWire.appendBytes(field: 5, info, to: &experiment)
    }
    return summary(tag: experimentTag, field: 2, experiment)
  }

  /// A session's start: its hyperparameter values and group (sessions of one group are one row,
  /// their metrics aggregated).
  public static func sessionStart(
    hparams: [(name: String, value: Value)], groupName: String, startTime: Double
  )
    -> TensorBoardTensorSummary
  {
    var start: [UInt8] = []
    for (name, value) in hparams {
      var entry: [UInt8] = []
      ProtobufWire.appendString(field: 1, name, to: &entry)
      ProtobufWire.appendBytes(field: 2, encoded(value), to: &entry)
      ProtobufWire.appendBytes(field: 1, entry, to: &start)
    }
    ProtobufWire.appendString(field: 4, groupName, to: &start)
    ProtobufWire.appendFixed64(field: 5, startTime.bitPattern, to: &start)
    return summary(tag: sessionStartTag, field: 3, start)
  }

  /// A session's end.
  public static func sessionEnd(status: Status, endTime: Double) -> TensorBoardTensorSummary {
    var end: [UInt8] = []
    if status != .unknown { ProtobufWire.appendVarint(field: 1, status.rawValue, to: &end) }
    ProtobufWire.appendFixed64(field: 2, endTime.bitPattern, to: &end)
    return summary(tag: sessionEndTag, field: 4, end)
  }

  /// `DataType`: 1 string, 2 bool, 3 float64 (as the plugin's `Discrete` domain: ints are float64).
  private static func dataType(_ values: [Value]) -> Int {
    switch values.first {
    case .bool: 2
    case .number: 3
    default: 1
    }
  }

  private static func encoded(_ value: Value) -> [UInt8] {
    var out: [UInt8] = []
    switch value {
    case .number(let d): ProtobufWire.appendFixed64(field: 2, d.bitPattern, to: &out)
    case .string(let s): ProtobufWire.appendString(field: 3, s, to: &out)
    case .bool(let b): ProtobufWire.appendVarint(field: 4, b ? 1 : 0, to: &out)
    }
    return out
  }

  /// `HParamsPluginData` (version 0) with `data` in oneof field `field`, on an empty float32 tensor.
  private static func summary(tag: String, field: Int, _ data: [UInt8]) -> TensorBoardTensorSummary {
    var content: [UInt8] = []
    ProtobufWire.appendBytes(field: field, data, to: &content)
    return TensorBoardTensorSummary(
      tag: tag, pluginName: pluginName, pluginContent: content, dataType: .float, shape: [0], content: [])
  }
}
