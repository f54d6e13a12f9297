"""
Title: A negative index counts from the end of the table
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: In Keras 3, on every backend, index -1 silently returns the
    table's last row, as in Python indexing: Keras adds input_dim to a
    negative index before the lookup. (tf_keras, Keras 2, raises on CPU for
    the same index: see embedding_keras2_negative.py.)
"""

# %% keras3
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

embedding = keras.layers.Embedding(input_dim=4, output_dim=5)
out = keras.ops.convert_to_numpy(embedding(np.array([[-1]])))
table = keras.ops.convert_to_numpy(embedding.embeddings)
print("index -1 gives row 3 (the last):", np.array_equal(out[0, 0], table[3]))
