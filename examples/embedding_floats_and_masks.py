"""
Title: Float indices and mask_zero
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: Float indices are cast to int32, which truncates toward zero:
    1.7 looks up row 1 and 2.9 row 2. With mask_zero=True, index 0 means
    "padding": the layer still returns a vector for it, and passes a mask to
    the next layer (the layer's compute_mask shows it), which
    GlobalAveragePooling1D uses to skip those positions. An LSTM skips them
    too; Flatten does not support masks: it drops the mask, with a warning.
"""

# %% float-indices
import warnings

import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

embedding = keras.layers.Embedding(input_dim=4, output_dim=5)
floats = np.array([[1.0, 1.7, 2.9, -0.5]], dtype="float32")
out = keras.ops.convert_to_numpy(embedding(floats))
table = keras.ops.convert_to_numpy(embedding.embeddings)
rows_read = []  # the table row each float index read
for value, vector in zip(floats[0], out[0], strict=True):
    rows_read.append(next(r for r in range(4) if np.array_equal(vector, table[r])))
    print(f"index {value:+.1f} -> row {rows_read[-1]}")
print("keras.Input's default dtype:", keras.Input(shape=(7,)).dtype)

# %% mask-zero
padded = np.array([[3, 1, 2, 0, 0]])  # three words, then two padding zeros
masking = keras.layers.Embedding(input_dim=4, output_dim=5, mask_zero=True)
vectors = masking(padded)
mask = keras.ops.convert_to_numpy(masking.compute_mask(padded))
print("output shape:", tuple(vectors.shape))
print("mask passed to the next layer:", mask)

pooled = keras.ops.convert_to_numpy(keras.layers.GlobalAveragePooling1D()(vectors))
vectors = keras.ops.convert_to_numpy(vectors)
words_mean, all_mean = vectors[0, :3].mean(axis=0), vectors[0].mean(axis=0)
print("pooled == mean of the 3 words:", np.allclose(pooled[0], words_mean))
print("pooled == mean of all 5 rows: ", np.allclose(pooled[0], all_mean))

# %% mask-consumers
# Variable-length sequences of indices; the LSTM reads the mask the Embedding makes.
indices = keras.Input(shape=(None,), dtype="int32")
reader = keras.Model(indices, keras.layers.LSTM(2)(masking(indices)))
padded_out = keras.ops.convert_to_numpy(reader(padded))
words_out = keras.ops.convert_to_numpy(reader(padded[:, :3]))  # the 3 words, no padding
print("LSTM on [3, 1, 2, 0, 0] == LSTM on [3, 1, 2]:", np.allclose(padded_out, words_out))

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    keras.layers.Flatten()(masking(keras.Input(shape=(5,), dtype="int32")))
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")

for layer in (keras.layers.LSTM(2), keras.layers.GRU(2), keras.layers.GlobalAveragePooling1D(),
              keras.layers.Flatten(), keras.layers.Conv1D(2, 3), keras.layers.GlobalMaxPooling1D()):
    print(f"{type(layer).__name__:22} supports_masking={layer.supports_masking}")
