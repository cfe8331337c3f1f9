#!/usr/bin/env python3
"""Reference for optim-run's TensorBoard event files, using the `tensorboard` package itself.

  python3 scripts/reference/tensorboard_fixture.py write DIR
      Writes an event file with TensorBoard's own writer
      (`tensorboard.summary.writer.event_file_writer.EventFileWriter`) holding the fixture scalars
      below, and prints the file's bytes as hex (checked in as a byte array in
      Tests/ReportingTests/TensorBoardFixtureTests.swift).
  python3 scripts/reference/tensorboard_fixture.py encode
      Prints, as hex, one fixed Event serialized by protobuf (`event_pb2.Event.SerializeToString`)
      and the same bytes framed as one TFRecord by TensorBoard's `RecordWriter` (golden bytes for
      our encoder).
  python3 scripts/reference/tensorboard_fixture.py read LOGDIR
      Loads every run under LOGDIR with TensorBoard's reader
      (`event_processing.event_accumulator.EventAccumulator`) and prints each scalar series as
      `run tag step value`, so a run folder written by optim-run can be checked by the real reader.

Requires `pip install tensorboard`. Tests never run this script; they hold its output.
"""
import io
import os
import sys

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.summary.writer.record_writer import RecordWriter

# (step, wall_time, [(tag, value)]): epoch-style and batch-style tags, a negative value, a value
# that float32 rounds (0.1), a large step.
FIXTURE = [
    (0, 1700000000.25, [("epoch_loss", 2.302585), ("epoch_accuracy", 0.1), ("epoch_learning_rate", 0.001)]),
    (1, 1700000001.5, [("epoch_loss", 1.75), ("epoch_accuracy", 0.5), ("epoch_learning_rate", 0.0005)]),
    (123456789012, 1700000002.0, [("batch_loss", -3.5)]),
]


def scalar_event(step, wall_time, scalars):
    values = [summary_pb2.Summary.Value(tag=t, simple_value=v) for t, v in scalars]
    return event_pb2.Event(wall_time=wall_time, step=step, summary=summary_pb2.Summary(value=values))


def write(folder):
    writer = EventFileWriter(folder)
    for step, wall_time, scalars in FIXTURE:
        writer.add_event(scalar_event(step, wall_time, scalars))
    writer.close()
    with open(writer.get_logdir() + "/" + sorted(os.listdir(folder))[-1], "rb") as f:
        print(f.read().hex())


def encode():
    event = scalar_event(7, 1700000000.5, [("epoch_loss", 0.25), ("epoch_accuracy", 0.875)])
    data = event.SerializeToString()
    print("event", data.hex())
    buffer = io.BytesIO()
    RecordWriter(buffer).write(data)
    print("record", buffer.getvalue().hex())
    first = event_pb2.Event(wall_time=1700000000.5, file_version="brain.Event:2").SerializeToString()
    print("version", first.hex())


def read(logdir):
    count = 0
    for run in sorted(os.listdir(logdir)):
        acc = event_accumulator.EventAccumulator(os.path.join(logdir, run), size_guidance={"scalars": 0})
        acc.Reload()
        for tag in sorted(acc.Tags()["scalars"]):
            for e in acc.Scalars(tag):
                print(run, tag, e.step, repr(e.value))
                count += 1
    print("scalars read:", count)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "write" and len(sys.argv) == 3:
        write(sys.argv[2])
    elif command == "encode":
        encode()
    elif command == "read" and len(sys.argv) == 3:
        read(sys.argv[2])
    else:
        sys.exit(__doc__)
