import Foundation
import Testing

@testable import Reporting

/// Checked by hand with TensorBoard's own reader, the other way round: a run of the built
/// `optim-run` (Dense 32-1 on synthetic regression, Adam with exponential decay, 4 epochs of 25
/// batches, validation 0.2, `{type: tensorboard, update_freq: 5}`) wrote train/ and validation/
/// event files, and `python3 scripts/reference/tensorboard_fixture.py read <run>/tensorboard`
/// (`EventAccumulator`, tensorboard 2.21.0) read all 68 scalars: `batch_loss`, `batch_mae` at
/// steps 5, 10, ..., 100; `epoch_loss`, `epoch_mae`, `epoch_learning_rate` at epochs 0-3;
/// validation `epoch_loss`, `epoch_mae` at 0-3 and `evaluation_*_vs_iterations` at 25, 50, 75, 100,
/// with the values optim-run printed (float32).
@Suite struct TensorBoardFixtureTests {
  /// The event file TensorBoard's own writer (`tensorboard.summary.writer.event_file_writer
  /// .EventFileWriter`, tensorboard 2.21.0) wrote for the fixture of
  /// scripts/reference/tensorboard_fixture.py (`python3 scripts/reference/tensorboard_fixture.py
  /// write DIR` prints these bytes). Its first event carries `source_metadata` (field 10), which
  /// our reader must skip.
  static let pythonFile = TensorBoardEncodingTests.hexBytes(
    [
      "4800000000000000fe92489d0983badbd301c2da411a0d627261696e2e4576656e743a32522e0a2c74656e736f72626f",
      "6172642e73756d6d6172792e7772697465722e6576656e745f66696c655f7772697465727cd13bb75100000000000000",
      "9ca1d9bc0900001040fc54d9412a460a110a0a65706f63685f6c6f7373158d5d13400a150a0e65706f63685f61636375",
      "7261637915cdcccc3d0a1a0a1365706f63685f6c6561726e696e675f72617465156f12833af53e07b153000000000000",
      "000d7d4e910900006040fc54d94110012a460a110a0a65706f63685f6c6f7373150000e03f0a150a0e65706f63685f61",
      "63637572616379150000003f0a1a0a1365706f63685f6c6561726e696e675f72617465156f12033a5d2215c625000000",
      "00000000eabc36f30900008040fc54d9411094b4e4f4cb032a130a110a0a62617463685f6c6f737315000060c077298f",
      "09",
    ].joined())

  @Test func readsTheFileWrittenByTensorBoard() throws {
    let events = try EventFileReader.events(in: Self.pythonFile, path: "python.tfevents")
    #expect(events.count == 4)
    #expect(events[0].fileVersion == "brain.Event:2")
    #expect(events[0].scalars.isEmpty)
    // The script's FIXTURE: (step, wall_time, scalars), values rounded to float32 by the writer.
    #expect(
      events[1]
        == TensorBoardEvent(
          wallTime: 1_700_000_000.25, step: 0,
          scalars: [
            .init(tag: "epoch_loss", value: 2.302585), .init(tag: "epoch_accuracy", value: 0.1),
            .init(tag: "epoch_learning_rate", value: 0.001),
          ]))
    #expect(
      events[2]
        == TensorBoardEvent(
          wallTime: 1_700_000_001.5, step: 1,
          scalars: [
            .init(tag: "epoch_loss", value: 1.75), .init(tag: "epoch_accuracy", value: 0.5),
            .init(tag: "epoch_learning_rate", value: 0.0005),
          ]))
    #expect(
      events[3]
        == TensorBoardEvent(
          wallTime: 1_700_000_002, step: 123_456_789_012, scalars: [.init(tag: "batch_loss", value: -3.5)]))
  }

  @Test func reencodingTheScalarEventsGivesTensorBoardsBytes() throws {
    // Records 2...4 hold no fields we skip, so our encoder must reproduce them byte for byte.
    let events = try EventFileReader.events(in: Self.pythonFile, path: "python.tfevents")
    var ours: [UInt8] = []
    for e in events.dropFirst() { TFRecord.append(e.encoded(), to: &ours) }
    #expect(ours == Array(Self.pythonFile.suffix(ours.count)))
    #expect(Self.pythonFile.count == 337)
  }
}
