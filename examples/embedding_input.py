"""
Title: Input declares what will come in
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: keras.Input(shape=(32,)) returns a symbolic tensor: a shape with
    an open batch axis and a dtype, but no values. The InputLayer that made it
    has no weights, and a model from an Input straight to its output returns
    the data unchanged.
"""

# %% symbolic-tensor
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: input_layer, not input_layer_3
keras.utils.set_random_seed(0)

x = keras.Input(shape=(32,))
print("type: ", type(x).__name__)
print("shape:", x.shape)
print("dtype:", x.dtype)

# %% input-layer
# The layer that made x: its history is (layer, call index, tensor index).
input_layer = x._keras_history[0]
print("made by:", type(input_layer).__name__)
print("weights:", input_layer.weights)
print("parameters:", input_layer.count_params())

identity = keras.Model(x, x)
data = np.arange(64, dtype="float32").reshape(2, 32)
print("Model(x, x) returns its input unchanged:",
      np.array_equal(identity.predict(data, verbose=0), data))
