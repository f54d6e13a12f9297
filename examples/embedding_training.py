"""
Title: The table learns from the model's own loss
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: A few epochs on a made-up task change the rows the data looks
    up; rows never looked up stay exactly as initialised (plain Adam, no
    weight decay or regularizer). No context windows, no word2vec.
"""

# %% train
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

# A made-up task over a vocabulary of 10 indices: is index 1 in the sequence?
# The data uses only indices 0 to 5; rows 6 to 9 are never looked up.
rng = np.random.default_rng(0)
x = rng.integers(0, 6, size=(256, 5))
y = (x == 1).any(axis=1).astype("float32")

sequence = keras.Input(shape=(5,), dtype="int32")
vocabulary = keras.layers.Embedding(input_dim=10, output_dim=4)
pooled = keras.layers.GlobalAveragePooling1D()(vocabulary(sequence))
classifier = keras.Model(sequence, keras.layers.Dense(1, activation="sigmoid")(pooled))

before = keras.ops.convert_to_numpy(vocabulary.embeddings).copy()
classifier.compile(optimizer="adam", loss="binary_crossentropy")
classifier.fit(x, y, epochs=5, batch_size=32, verbose=0)
after = keras.ops.convert_to_numpy(vocabulary.embeddings)

change = np.abs(after - before).max(axis=1)
print("indices in the data:", sorted(set(x.ravel().tolist())))
for row, amount in enumerate(change):
    print(f"row {row}: largest change {amount:.4f}")
print("rows 6-9 exactly as initialised:", np.array_equal(after[6:], before[6:]))
