"""
Title: A TensorFlow function on a KerasTensor (TensorFlow backend)
Page: docs/symbolic-tensors.md
Backends: tensorflow (tf.* functions are TensorFlow's own)
Description: Keras 2 turned a tf.* call on its symbolic tensors into a
    layer by itself; Keras 3 does not. Run it and it ends with the
    ValueError that tf.square raises on a keras.Input.
"""

# %% tf-op (raises ValueError)
import keras
import tensorflow as tf

keras.backend.clear_session()
keras.utils.set_random_seed(0)

x = keras.Input(shape=(3,))
tf.square(x)  # a TensorFlow function on a KerasTensor
