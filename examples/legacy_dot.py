"""
Title: tf.keras.backend.dot in TensorFlow 2.21
Page: docs/symbolic-tensors.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: tf.keras is Keras 3 in TensorFlow 2.21, and its backend module
    is Keras 3's legacy copy of the Keras 2 functions: dot is there,
    placeholder is not. dot computes at once on tensors. Run it and it ends
    with the AttributeError it raises on NumPy arrays.
"""

# %% what-it-is
import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()
keras.utils.set_random_seed(0)

print("tf.keras version:", tf.keras.__version__)
print("tf.keras.backend.dot is defined in", tf.keras.backend.dot.__module__)
print("its docstring:", tf.keras.backend.dot.__doc__)
print("tf.keras.backend has placeholder:", hasattr(tf.keras.backend, "placeholder"))

# %% on-tensors
a = np.arange(6, dtype="float32").reshape(2, 3)
b = np.arange(12, dtype="float32").reshape(3, 4)
legacy = tf.keras.backend.dot(tf.constant(a), tf.constant(b))
print(type(legacy).__name__, tuple(legacy.shape))
print("equals keras.ops.matmul(a, b):",
      np.array_equal(legacy, keras.ops.matmul(a, b)))

# %% on-arrays (raises AttributeError)
tf.keras.backend.dot(a, b)
