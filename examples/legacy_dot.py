"""
Title: tf.keras.backend.dot in TensorFlow 2.21, and tf.keras as Keras 2
Page: docs/symbolic-tensors.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: tf.keras is Keras 3 in TensorFlow 2.21, and its backend module
    is Keras 3's legacy copy of the Keras 2 functions: dot is there,
    placeholder is not. With TF_USE_LEGACY_KERAS=1 set before TensorFlow is
    imported (here in a new Python process), tf.keras is the tf_keras
    package and the blog's K.placeholder, K.dot and K.function code runs
    unchanged. dot computes at once on tensors. Run it and it ends with the
    AttributeError it raises on NumPy arrays.
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

# %% legacy-switch
import os
import subprocess
import sys

# The blog's code, unchanged. TF_USE_LEGACY_KERAS must be set before TensorFlow
# is imported, and this process has imported it: run the code in a new one.
BLOG_CODE = """
import numpy as np
import tensorflow as tf

K = tf.keras.backend
x = K.placeholder(shape=(2, 3))
y = K.placeholder(shape=(3, 4))
xy = K.dot(x, y)
print("tf.keras is", tf.keras.__name__)
print("xy:", repr(xy))
product = K.function([x, y], [xy])
a = np.arange(6, dtype="float32").reshape(2, 3)
b = np.arange(12, dtype="float32").reshape(3, 4)
print(product([a, b])[0])
"""
blog_run = subprocess.run([sys.executable, "-c", BLOG_CODE], capture_output=True, text=True,
                          env={**os.environ, "TF_USE_LEGACY_KERAS": "1"}, check=True)
print(blog_run.stdout, end="")

# %% on-tensors
a = np.arange(6, dtype="float32").reshape(2, 3)
b = np.arange(12, dtype="float32").reshape(3, 4)
legacy = tf.keras.backend.dot(tf.constant(a), tf.constant(b))
print(type(legacy).__name__, tuple(legacy.shape))
print("equals keras.ops.matmul(a, b):",
      np.array_equal(legacy, keras.ops.matmul(a, b)))

# %% on-arrays (raises AttributeError)
tf.keras.backend.dot(a, b)
