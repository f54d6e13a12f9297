"""
Title: Input declares what will come in
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: keras.Input(shape=(32,)) returns a symbolic tensor: a shape with
    an open batch axis and a dtype, but no values. The InputLayer that made it
    has no weights. The one thing an Input does to data is convert it to its
    dtype: int64 16777217 comes back from a float32 Input as 16777216, and 1.7
    from an int32 Input as 1.
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
identity = keras.Model(x, x)  # a model from the Input straight to its output
input_layer = identity.layers[0]  # the public way to reach the layer that made x
print("made by:", type(input_layer).__name__)
print("weights:", input_layer.weights)
print("parameters:", input_layer.count_params())

# %% dtype-cast
as_float32 = keras.Input(shape=(1,))  # the default dtype
as_int32 = keras.Input(shape=(1,), dtype="int32")
big = np.array([[2**24 + 1]], dtype="int64")
fraction = np.array([[1.7]])
from_float32 = keras.ops.convert_to_numpy(keras.Model(as_float32, as_float32)(big))
from_int32 = keras.ops.convert_to_numpy(keras.Model(as_int32, as_int32)(fraction))
print(f"int64 {big[0, 0]} through a float32 Input: {from_float32[0, 0]:.0f}",
      from_float32.dtype)
print(f"float {fraction[0, 0]} through an int32 Input:  {from_int32[0, 0]}", from_int32.dtype)
