"""
Title: N-D products in Keras 2: what K.dot and K.batch_dot return
Page: docs/dot-products.md
Backends: tensorflow (Keras 2: tf_keras runs on TensorFlow only)
Description: The result shapes of Keras 2's backend dot and batch_dot (the
    tf_keras package) for the three pairs of shapes of the Keras 3 table, on
    tensors, on NumPy arrays and on placeholders; then batch_dot on five
    pairs whose Keras 3 replacements the page compares.
"""

# %% table
import numpy as np
import tensorflow as tf
import tf_keras

tf_keras.backend.clear_session()
tf_keras.utils.set_random_seed(0)
K = tf_keras.backend

cases = [((2, 3, 4), (4, 5)), ((2, 3), (4, 3, 5)), ((2, 3, 4), (2, 4, 5))]
products = {  # tf_keras's backend needs tensors, not NumPy arrays
    "K.dot": lambda a, b: K.dot(tf.constant(a), tf.constant(b)),
    "K.batch_dot": lambda a, b: K.batch_dot(tf.constant(a), tf.constant(b)),
    "K.dot, NumPy arrays": K.dot,
}


def result_shape(function, a, b):
    try:
        return str(tuple(function(a, b).shape)).replace(" ", "")
    except Exception as error:  # noqa: BLE001  (an error is a result here)
        return type(error).__name__


shapes = {name: [result_shape(f, np.ones(sa, "float32"), np.ones(sb, "float32"))
                 for sa, sb in cases] for name, f in products.items()}
heads = [f"{sa}·{sb}".replace(" ", "") for sa, sb in cases]
print(f"{'':20}" + "".join(f"{h:>17}" for h in heads))
for name, row in shapes.items():
    print(f"{name:20}" + "".join(f"{cell:>17}" for cell in row))
placeholders = [result_shape(K.dot, K.placeholder(shape=sa), K.placeholder(shape=sb))
                for sa, sb in cases]
print("K.dot on placeholders gives the same shapes:", placeholders == shapes["K.dot"])

# %% batch-dot
# x counts up from 0, y is all ones; axes=None is batch_dot's default.
pairs = [((2, 3), (2, 3), None), ((3, 3), (3, 3), None), ((2, 4, 5), (2, 5), None),
         ((2, 7, 5), (2, 9, 5), (2, 2)), ((2, 3, 4), (2, 4, 5), None)]
batch_dot = {}
for sa, sb, axes in pairs:
    x = tf.reshape(tf.range(np.prod(sa), dtype="float32"), sa)
    result = K.batch_dot(x, tf.ones(sb), axes=axes)
    batch_dot[(sa, sb, axes)] = result.numpy()
    case = f"{sa}·{sb}, axes={axes}".replace(" ", "")
    print(f"{case:28}", str(tuple(result.shape)).replace(" ", ""))
print("(2,3)·(2,3) values:", batch_dot[pairs[0]].ravel().tolist())
