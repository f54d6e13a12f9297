"""
Title: batch_dot needs one batch axis on both sides
Page: docs/dot-products.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: Keras 2's batch_dot pairs sample i of x with sample i of y, so
    both must have the same first axis. (2, 3, 4) with (4, 5) does not. Run it
    and it ends with that ValueError.
"""

# %% different-batch (raises ValueError)
import tensorflow as tf
import tf_keras

tf_keras.backend.clear_session()
tf_keras.utils.set_random_seed(0)

tf_keras.backend.batch_dot(tf.ones((2, 3, 4)), tf.ones((4, 5)))
