"""
Title: The table learns from the model's own loss
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: A few epochs on a made-up task change the rows the data looks
    up; with plain Adam, rows never looked up stay exactly as initialised.
    Adam's momentum keeps moving a row for steps after its last lookup, and
    weight decay (AdamW) or an embeddings_regularizer moves rows that are
    never looked up. No context windows, no word2vec.
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


def make_classifier(regularizer=None):
    """indices -> Embedding(10, 4) -> average over positions -> Dense."""
    sequence = keras.Input(shape=(5,), dtype="int32")
    vocabulary = keras.layers.Embedding(10, 4, embeddings_regularizer=regularizer)
    pooled = keras.layers.GlobalAveragePooling1D()(vocabulary(sequence))
    return keras.Model(sequence, keras.layers.Dense(1, activation="sigmoid")(pooled)), vocabulary


classifier, vocabulary = make_classifier()
before = keras.ops.convert_to_numpy(vocabulary.embeddings).copy()
classifier.compile(optimizer="adam", loss="binary_crossentropy")
classifier.fit(x, y, epochs=5, batch_size=32, verbose=0)
after = keras.ops.convert_to_numpy(vocabulary.embeddings)

change = np.abs(after - before).max(axis=1)
print("indices in the data:", sorted(set(x.ravel().tolist())))
for row, amount in enumerate(change):
    print(f"row {row}: largest change {amount:.4f}")
print("rows 6-9 exactly as initialised:", np.array_equal(after[6:], before[6:]))

# %% momentum
# Four more steps with the same Adam, one batch each: only the first looks row 6 up.
once = x[:32].copy()
once[0, 0] = 6
row_6 = [after[6]]
for batch in (once, x[32:64], x[64:96], x[96:128]):
    classifier.fit(batch, (batch == 1).any(axis=1).astype("float32"), verbose=0)
    row_6.append(keras.ops.convert_to_numpy(vocabulary.embeddings)[6].copy())
moved = np.abs(np.diff(row_6, axis=0)).max(axis=1)
for step, amount in enumerate(moved, start=1):
    print(f"step {step}: row 6 looked up: {step == 1!s:5}  moved {amount:.4f}")

# %% weight-decay
def train_again(optimizer, regularizer=None):
    """One epoch on a new classifier: returns the optimizer, the table before and after."""
    keras.utils.set_random_seed(0)
    model, table = make_classifier(regularizer)
    start = keras.ops.convert_to_numpy(table.embeddings).copy()
    model.compile(optimizer=optimizer, loss="binary_crossentropy")
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    return model.optimizer, start, keras.ops.convert_to_numpy(table.embeddings)


# Rows 6-9 are never looked up, as before.
adamw, start, end = train_again(keras.optimizers.AdamW())
ratio = end[6:] / start[6:]
shrink = 1 - float(adamw.learning_rate) * adamw.weight_decay  # per step
steps = int(adamw.iterations)
print(f"AdamW: rows 6-9 multiplied by {ratio.min():.5f} to {ratio.max():.5f}")
print(f"(1 - learning_rate * weight_decay) ** steps = {shrink:.6f} ** {steps} = {shrink**steps:.5f}")

_, start, end = train_again(keras.optimizers.Adam(), keras.regularizers.L2(1e-3))
print(f"Adam, L2 on the table: rows 6-9 moved by up to {np.abs(end[6:] - start[6:]).max():.4f}")
