"""
Title: The same product in Keras 3: symbolic, then eager
Page: docs/symbolic-tensors.md
Backends: tensorflow, jax, torch
Description: keras.Input plays the placeholder's role and returns a
    KerasTensor; keras.ops.matmul and keras.ops.dot on it return a symbolic
    (2, 4) result. The same calls on arrays compute the values at once, and
    keras.Function, built on the symbolic tensors, computes them when data is
    fed, as K.function did. Run it and it ends with the ValueError that
    keras.Model.predict raises on the same inputs: a model reads axis 0 as
    the batch, and the two inputs have 2 and 3 rows.
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
      np.array_equal(keras.ops.convert_to_numpy(now), a @ b)
      and np.array_equal(keras.ops.convert_to_numpy(keras.ops.dot(a, b)), a @ b))

# %% feed
product = keras.Function([x, y], xy)  # K.function's counterpart
values = keras.ops.convert_to_numpy(product([a, b]))
print(values)
print("equals a @ b:", np.array_equal(values, a @ b))

# %% not-a-model (raises ValueError)
keras.Model([x, y], xy).predict([a, b], verbose=0)  # axis 0 = samples: 2 or 3?
