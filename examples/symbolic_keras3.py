"""
Title: The same product in Keras 3: symbolic, then eager
Page: docs/symbolic-tensors.md
Backends: tensorflow, jax, torch
Description: keras.Input plays the placeholder's role and returns a
    KerasTensor; keras.ops.matmul and keras.ops.dot on it return a symbolic
    (2, 4) result. The same calls on arrays compute the values at once, and a
    model built on the symbolic tensors computes them when data flows.
"""

# %% symbolic
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: keras_tensor, not keras_tensor_9
keras.utils.set_random_seed(0)

x = keras.Input(shape=(3,), batch_size=2)  # shape (2, 3)
y = keras.Input(shape=(4,), batch_size=3)  # shape (3, 4)
xy = keras.ops.matmul(x, y)
print("x: ", type(x).__name__, x.shape, x.dtype)
print("xy:", type(xy).__name__, xy.shape, xy.dtype)
print("keras.ops.dot gives", keras.ops.dot(x, y).shape)
print("xy is a KerasTensor:", isinstance(xy, keras.KerasTensor))

# %% eager
a = np.arange(6, dtype="float32").reshape(2, 3)
b = np.arange(12, dtype="float32").reshape(3, 4)
now = keras.ops.matmul(a, b)  # arrays in: computed at once
print("a KerasTensor:", isinstance(now, keras.KerasTensor))
print(keras.ops.convert_to_numpy(now))
print("matmul == dot == a @ b:",
      np.array_equal(now, a @ b) and np.array_equal(keras.ops.dot(a, b), a @ b))

# %% through-a-model
product = keras.Model([x, y], xy)  # built on the symbolic tensors
print(keras.ops.convert_to_numpy(product([a, b])))
