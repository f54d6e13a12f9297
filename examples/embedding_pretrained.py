"""
Title: Loading pretrained vectors, and freezing them
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: A small matrix made in code stands in for pretrained word
    vectors (no downloads). It is loaded with the weights= argument or with
    set_weights; with trainable=False the table stays unchanged through
    training while the layers after it learn.
"""

# %% load
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

# Stand-in for vectors trained elsewhere (word2vec, GloVe, ...): 6 words, 3 numbers each
pretrained = np.round(np.random.default_rng(0).normal(size=(6, 3)), 2).astype("float32")
print(pretrained)

by_argument = keras.layers.Embedding(6, 3, weights=pretrained)
by_set_weights = keras.layers.Embedding(6, 3)
by_set_weights.build()
by_set_weights.set_weights([pretrained])
print("weights= loads it:",
      np.array_equal(by_argument.get_weights()[0], pretrained))
print("set_weights loads it:",
      np.array_equal(by_set_weights.get_weights()[0], pretrained))

# %% frozen
frozen = keras.layers.Embedding(6, 3, weights=pretrained, trainable=False)
sequence = keras.Input(shape=(4,), dtype="int32")
dense = keras.layers.Dense(1)
model = keras.Model(sequence, dense(keras.layers.Flatten()(frozen(sequence))))
model.compile(optimizer="adam", loss="mse")

x = np.random.default_rng(1).integers(0, 6, size=(64, 4))
y = np.random.default_rng(2).normal(size=(64, 1)).astype("float32")
dense_before = dense.get_weights()[0].copy()
model.fit(x, y, epochs=3, batch_size=16, verbose=0)
print("trainable weights:", [w.path for w in model.trainable_weights])
table_after, dense_after = frozen.get_weights()[0], dense.get_weights()[0]
print("table unchanged by training:", np.array_equal(table_after, pretrained))
print("Dense kernel changed:       ", not np.array_equal(dense_after, dense_before))
