#!/usr/bin/env python3
"""Reads optim-run's TensorBoard logs back with TensorBoard's own readers (tensorboard 2.21), for
the tests (Tests/ReportingTests/TensorBoardHistogramTests.swift, Tests/RunnerTests/TensorBoardRunTests.swift).
Prints one JSON object.

  tensorboard_check.py encode TAG BUCKETS VALUE...
      `histogram_pb(TAG, float32 VALUEs, BUCKETS)` (tensorboard.plugins.histogram.summary_v2, the
      numpy twin of tf.summary.histogram) serialized: {"hex": ...}, for byte comparison.
  tensorboard_check.py histograms RUN_DIR LOGDIR [SGD_LR]
      Every `<param>/histogram` tensor in LOGDIR (an EventAccumulator over one event folder) at
      step s, compared with `histogram_pb` of parameter <param> in RUN_DIR's
      checkpoints/epoch_{s+1}.safetensors: {"weights": [{tag, step, equal, min, max, num, sum,
      numpy_min, numpy_max, numpy_sum}], "gradients": [{tag, step, min, max, num, sum}]}. With
      SGD_LR (a run of plain SGD with one batch per epoch), each gradient at step s >= 1 also gets
      the gradient the checkpoints imply, (epoch_s - epoch_{s+1}) / SGD_LR: implied_min, implied_max.
  tensorboard_check.py hparams LOGDIR
      The hparams plugin data of every run (EventAccumulator's PluginTagToContent('hparams'),
      parsed as HParamsPluginData) and the session groups TensorBoard's HParams backend
      (list_session_groups) builds for LOGDIR: {"runs": {run: {tag: message as dict}},
      "groups": [{name, hparams, metrics: {group/tag: value}, sessions: [[name, status]]}]}.
"""
import json
import os
import sys

import numpy as np
from google.protobuf import json_format
from safetensors.numpy import load_file
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.plugins.histogram import summary_v2 as histogram_summary
from tensorboard.util import tensor_util


def accumulator(path):
    acc = event_accumulator.EventAccumulator(path, size_guidance={event_accumulator.TENSORS: 0})
    acc.Reload()
    return acc


def stats(rows):
    counts = rows[:, 2]
    return {"min": float(rows[0, 0]), "max": float(rows[-1, 1]), "num": float(counts.sum()),
            # The bucket-centre estimate of the sum is all a [k, 3] histogram keeps.
            "sum": float(((rows[:, 0] + rows[:, 1]) / 2 * counts).sum())}


def checkpoint(run_dir, epoch):
    """The weights of checkpoints/epoch_<epoch>.safetensors (1-based epoch: after 0-based epoch - 1)."""
    return load_file(os.path.join(run_dir, "checkpoints", "epoch_%d.safetensors" % epoch))


def encode(tag, buckets, values):
    data = np.array([float(v) for v in values], dtype=np.float32)
    summary = histogram_summary.histogram_pb(tag, data, buckets=int(buckets))
    return {"hex": summary.value[0].SerializeToString().hex()}


def histograms(run_dir, logdir, sgd_lr=None):
    acc = accumulator(logdir)
    weights, gradients = [], []
    for tag in acc.Tags()["tensors"]:
        if acc.SummaryMetadata(tag).plugin_data.plugin_name != "histograms":
            continue
        for event in acc.Tensors(tag):
            rows = tensor_util.make_ndarray(event.tensor_proto)
            entry = {"tag": tag, "step": event.step, "shape": list(rows.shape), **stats(rows)}
            if tag.endswith("/gradient/histogram"):
                if sgd_lr is not None and event.step >= 1:
                    name = tag[: -len("/gradient/histogram")]
                    before, after = (checkpoint(run_dir, event.step + i)[name].astype(np.float64) for i in (0, 1))
                    implied = (before - after) / sgd_lr
                    entry["implied_min"], entry["implied_max"] = float(implied.min()), float(implied.max())
                gradients.append(entry)
                continue
            name = tag[: -len("/histogram")]
            values = checkpoint(run_dir, event.step + 1)[name].astype(np.float64)
            expected = histogram_summary.histogram_pb(tag, values).value[0].tensor
            entry["equal"] = bool(np.array_equal(rows, tensor_util.make_ndarray(expected)))
            entry["numpy_min"], entry["numpy_max"] = float(values.min()), float(values.max())
            entry["numpy_num"], entry["numpy_sum"] = int(values.size), float(values.sum())
            weights.append(entry)
    return {"weights": weights, "gradients": gradients}


def hparams(logdir):
    from tensorboard import context
    from tensorboard.backend.event_processing import data_provider, plugin_event_multiplexer
    from tensorboard.plugins import base_plugin
    from tensorboard.plugins.hparams import api_pb2, backend_context, list_session_groups, metadata

    runs = {}
    for root, _, files in os.walk(logdir):
        if not any(".tfevents." in f for f in files):
            continue
        try:
            content = accumulator(root).PluginTagToContent(metadata.PLUGIN_NAME)
        except KeyError:  # no hparams summary in this folder
            continue
        if content:
            run = os.path.relpath(root, logdir)
            runs[run] = {}
            for tag, data in content.items():
                parsed = {
                    metadata.EXPERIMENT_TAG: metadata.parse_experiment_plugin_data,
                    metadata.SESSION_START_INFO_TAG: metadata.parse_session_start_info_plugin_data,
                    metadata.SESSION_END_INFO_TAG: metadata.parse_session_end_info_plugin_data,
                }[tag](data)
                runs[run][tag] = json_format.MessageToDict(parsed, preserving_proto_field_name=True)

    multiplexer = plugin_event_multiplexer.EventMultiplexer()
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    provider = data_provider.MultiplexerDataProvider(multiplexer, logdir)
    tb_context = base_plugin.TBContext(logdir=logdir, multiplexer=multiplexer, data_provider=provider)
    request = api_pb2.ListSessionGroupsRequest(start_index=0, slice_size=1000, allowed_statuses=[0, 1, 2, 3])
    response = list_session_groups.Handler(
        context.RequestContext(), backend_context.Context(tb_context), "", request).run()
    groups = []
    for g in response.session_groups:
        groups.append({
            "name": g.name,
            "hparams": {k: json_format.MessageToDict(v) for k, v in g.hparams.items()},
            "metrics": {m.name.group + "/" + m.name.tag: m.value for m in g.metric_values},
            "sessions": [[s.name, api_pb2.Status.Name(s.status)] for s in g.sessions],
        })
    return {"runs": runs, "groups": groups}


def main():
    mode = sys.argv[1]
    if mode == "encode":
        result = encode(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif mode == "histograms":
        result = histograms(sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else None)
    elif mode == "hparams":
        result = hparams(sys.argv[2])
    else:
        raise SystemExit("unknown mode " + mode)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
