"""
Title: Embedding is a table of trainable numbers
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: Embedding(4, 5) owns one weight, a (4, 5) table, filled by its
    default initialiser, RandomUniform between -0.05 and 0.05.
"""

# %% table
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

embedding = keras.layers.Embedding(input_dim=4, output_dim=5)
embedding.build()  # creates the table; an Embedding needs no input shape
table = keras.ops.convert_to_numpy(embedding.embeddings)

np.set_printoptions(precision=4, suppress=True)

print("weights:", [(w.path, tuple(w.shape), w.trainable) for w in embedding.weights])
print(table)

# %% initialiser
init = embedding.embeddings_initializer
print("initialiser:", type(init).__name__, init.get_config())
print(f"smallest {table.min():.4f}, largest {table.max():.4f}")
