"""
Title: N-D products: what dot, matmul and batch_dot return
Page: docs/symbolic-tensors.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: The result shapes of NumPy's dot and matmul, Keras 3's
    keras.ops.dot and keras.ops.matmul, and Keras 2's backend dot and
    batch_dot, for three pairs of shapes, on arrays and on symbolic tensors.
"""

# %% table
import keras
import numpy as np
import tensorflow as tf
import tf_keras

keras.backend.clear_session()
tf_keras.backend.clear_session()
keras.utils.set_random_seed(0)
K = tf_keras.backend

cases = [((2, 3, 4), (4, 5)), ((2, 3), (4, 3, 5)), ((2, 3, 4), (2, 4, 5))]
products = {  # tf_keras's backend needs tensors, not NumPy arrays
    "np.dot": np.dot,
    "np.matmul": np.matmul,
    "keras.ops.dot": keras.ops.dot,
    "keras.ops.matmul": keras.ops.matmul,
    "K.dot (tf_keras)": lambda a, b: K.dot(tf.constant(a), tf.constant(b)),
    "K.batch_dot (tf_keras)": lambda a, b: K.batch_dot(tf.constant(a), tf.constant(b)),
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
print(f"{'':23}" + "".join(f"{h:>17}" for h in heads))
for name, row in shapes.items():
    print(f"{name:23}" + "".join(f"{cell:>17}" for cell in row))

# %% symbolic-too
# The same shapes without any data: Keras 3 KerasTensors and Keras 2
# placeholders (Keras tensors, since TensorFlow runs eagerly).
symbolic = {
    "keras.ops.dot": lambda sa, sb: keras.ops.dot(
        keras.KerasTensor(sa), keras.KerasTensor(sb)),
    "keras.ops.matmul": lambda sa, sb: keras.ops.matmul(
        keras.KerasTensor(sa), keras.KerasTensor(sb)),
    "K.dot (tf_keras)": lambda sa, sb: K.dot(
        K.placeholder(shape=sa), K.placeholder(shape=sb)),
}
for name, f in symbolic.items():
    same = [result_shape(f, sa, sb) == computed
            for (sa, sb), computed in zip(cases, shapes[name])]
    print(f"{name:18} symbolic shapes equal the computed ones: {all(same)}")
print("keras.ops has batch_dot:", hasattr(keras.ops, "batch_dot"))
