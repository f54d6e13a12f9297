"""
Title: A KerasTensor is neither True nor False
Page: docs/symbolic-tensors.md
Backends: tensorflow, jax, torch
Description: Python's if needs True or False, and a comparison of symbolic
    tensors has no value yet. Run it and it ends with the TypeError that
    an if on a KerasTensor raises.
"""

# %% as-bool (raises TypeError)
import keras

keras.backend.clear_session()
keras.utils.set_random_seed(0)

x = keras.Input(shape=(3,))
if keras.ops.sum(x) > 0:  # Python's if needs a value
    x = 2 * x
