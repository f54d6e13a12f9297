"""
Title: A negative index: Keras 3 wraps it, Keras 2 stops
Page: docs/embedding-vs-input.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: In Keras 3 (TensorFlow backend) index -1 silently returns the
    table's last row, as in Python indexing; tf_keras (Keras 2) raises
    InvalidArgumentError on CPU for the same index. Run it and it ends with
    that error.
"""

# %% keras3
import keras
import numpy as np
import tf_keras

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

embedding = keras.layers.Embedding(input_dim=4, output_dim=5)
out = keras.ops.convert_to_numpy(embedding(np.array([[-1]])))
table = embedding.embeddings.numpy()
np.set_printoptions(precision=4, suppress=True)
print("Keras 3, index -1:", out[0, 0])
print("table row 3:      ", table[3])
print("index -1 gives row 3:", np.array_equal(out[0, 0], table[3]))

# %% keras2 (raises InvalidArgumentError)
tf_keras.backend.clear_session()
tf_keras.utils.set_random_seed(0)
old = tf_keras.layers.Embedding(input_dim=4, output_dim=5)
old(np.array([[-1]]))
