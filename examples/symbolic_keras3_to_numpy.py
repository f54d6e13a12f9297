"""
Title: A KerasTensor has no values to convert to NumPy
Page: docs/symbolic-tensors.md
Backends: tensorflow, jax, torch
Description: A KerasTensor is a shape and a dtype without values. Run it and
    it ends with the ValueError that converting one to a NumPy array raises.
"""

# %% to-numpy (raises ValueError)
import keras
import numpy as np

keras.backend.clear_session()
keras.utils.set_random_seed(0)

x = keras.Input(shape=(3,))
np.asarray(x)  # the same with keras.ops.convert_to_numpy(x)
