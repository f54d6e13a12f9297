"""
Title: On TensorFlow, the table's gradient is IndexedSlices
Page: docs/embedding-vs-input.md
Backends: tensorflow (tf.GradientTape and IndexedSlices are TensorFlow's)
Description: The TensorFlow backend stores the gradient of an Embedding's
    table sparsely, as tf.IndexedSlices: one row per lookup (repeated indices
    repeat), plus the shape of the whole table. Entries for the same index
    are added when the gradient becomes a full table: when it is converted to
    a dense tensor, or when an optimizer applies it. JAX and PyTorch give a
    dense array instead.
"""

# %% indexed-slices
import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

embedding = keras.layers.Embedding(4, 5)
indices = np.array([[0, 1, 0, 1, 1, 0, 3]])
with tf.GradientTape() as tape:
    loss = keras.ops.sum(embedding(indices))
gradient = tape.gradient(loss, embedding.embeddings)
print("gradient type:", type(gradient).__name__)
print("rows it holds:", gradient.indices.numpy())
print("table shape:  ", gradient.dense_shape.numpy())
# Each entry is a row of ones (the loss is a sum). Entries for the same index are
# added only when the gradient becomes a full table:
print("as a dense tensor, column 0:", tf.convert_to_tensor(gradient).numpy()[:, 0])
before = embedding.get_weights()[0]
keras.optimizers.SGD(learning_rate=1.0).apply([gradient], [embedding.embeddings])
print("one SGD step, change of column 0:", (before - embedding.get_weights()[0])[:, 0].round(4))
