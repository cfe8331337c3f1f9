#!/usr/bin/env python3
"""Reference learning rates for the seeds' per-epoch rule `epoch < 50 ? lr : lr * exp(-0.1)`.

Mirrors Keras 3's `keras/src/callbacks/learning_rate_scheduler.py`
(`LearningRateScheduler.on_epoch_begin` -> `_update_optimizer_lr`): at the beginning of each epoch
it reads the optimizer's learning rate, a float32 variable, as a Python float
(`float(backend.convert_to_numpy(optimizer.learning_rate))`), calls `schedule(epoch, lr)` in
float64, and assigns the result back to the float32 variable, which rounds it to float32.
Initial learning rate 0.001, 100 epochs (epoch indices 0..99).

Prints, per epoch, the learning rate in effect during that epoch: its float32 bit pattern and its
shortest float32 decimal. Tests/SpecTests/ExpressionScheduleTests.swift checks these numbers in.
"""
import math

import numpy as np


def schedule(epoch, lr):
    return lr if epoch < 50 else lr * math.exp(-0.1)


variable = np.float32(0.001)  # optimizer.learning_rate, float32 like Keras's default floatx
for epoch in range(100):
    lr = float(variable)  # read as a Python float (float64)
    variable = np.float32(schedule(epoch, lr))  # assigned back: rounded to float32
    bits = int(np.array(variable, dtype=np.float32).view(np.uint32))
    print(f"{epoch} 0x{bits:08x} {np.format_float_positional(variable, unique=True)}")
