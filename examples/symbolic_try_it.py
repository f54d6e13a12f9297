"""
Title: Try it: answers to the symbolic-tensors questions
Page: docs/symbolic-tensors.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: The executed answers to the page's "Try it" questions: where
    the per-sample products sit inside np.dot's 4-D result, and how many
    times a tf.function traced for a None batch axis runs its Python code.
"""

# %% diagonal
import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()
keras.utils.set_random_seed(0)

rng = np.random.default_rng(0)
x = rng.normal(size=(2, 3, 4)).astype("float32")
y = rng.normal(size=(2, 4, 5)).astype("float32")
every_pair = np.dot(x, y)  # sample i of x with sample j of y
per_sample = np.matmul(x, y)  # sample i of x with sample i of y
print("np.dot:", every_pair.shape, " np.matmul:", per_sample.shape)
for i in range(2):
    print(f"np.dot[{i}, :, {i}, :] == np.matmul[{i}]:",
          np.allclose(every_pair[i, :, i, :], per_sample[i], atol=1e-6))


# %% one-trace
@tf.function(input_signature=[tf.TensorSpec((None, 3)), tf.TensorSpec((3, 4))])
def product(x, y):
    print("tracing with", x)  # Python code: runs only while tracing
    return tf.linalg.matmul(x, y)


for rows in (2, 5, 7):
    result = product(tf.ones((rows, 3)), tf.ones((3, 4)))
    print(f"{rows} rows ->", tuple(result.shape))
print("traces:", product.experimental_get_tracing_count())
