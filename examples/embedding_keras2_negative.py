"""
Title: A negative index in Keras 2
Page: docs/embedding-vs-input.md
Backends: tensorflow (Keras 2: tf_keras runs on TensorFlow only)
Description: Keras 3 reads index -1 as the table's last row; Keras 2
    (tf_keras) looks it up as it is, and TensorFlow's gather raises
    InvalidArgumentError on CPU (on GPU it would return zeros, per tf.gather's
    documentation). Run it and it ends with that error.
"""

# %% keras2 (raises InvalidArgumentError)
import numpy as np
import tf_keras

tf_keras.backend.clear_session()  # fresh names: embedding, not embedding_3
tf_keras.utils.set_random_seed(0)

old = tf_keras.layers.Embedding(input_dim=4, output_dim=5)
old(np.array([[-1]]))
