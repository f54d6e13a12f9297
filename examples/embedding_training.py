"""
Title: The table learns from the model's own loss
Page: docs/embedding-vs-input.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: The gradient of a model's loss with respect to the table is
    sparse (IndexedSlices): it has rows only for the indices looked up. A few
    epochs on a made-up task change those rows; rows never looked up stay
    exactly as initialised. No context windows, no word2vec.
"""

# %% gradient
import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

words = keras.Input(shape=(7,), dtype="int32")
embedding = keras.layers.Embedding(4, 5)
score = keras.layers.Dense(1)(keras.layers.Flatten()(embedding(words)))
model = keras.Model(words, score)

indices = np.array([[0, 1, 0, 1, 1, 0, 3]])
target = np.array([[1.0]])
with tf.GradientTape() as tape:
    loss = keras.losses.mean_squared_error(target, model(indices))
gradient = tape.gradient(loss, embedding.embeddings)
print("gradient type:", type(gradient).__name__)
print("rows it holds:", gradient.indices.numpy())
print("table shape:  ", gradient.dense_shape.numpy())

# %% train
# A made-up task over a vocabulary of 10 indices: is index 1 in the sequence?
# The data uses only indices 0 to 5; rows 6 to 9 are never looked up.
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.integers(0, 6, size=(256, 5))
y = (x == 1).any(axis=1).astype("float32")

sequence = keras.Input(shape=(5,), dtype="int32")
vocabulary = keras.layers.Embedding(input_dim=10, output_dim=4)
pooled = keras.layers.GlobalAveragePooling1D()(vocabulary(sequence))
classifier = keras.Model(sequence, keras.layers.Dense(1, activation="sigmoid")(pooled))

before = vocabulary.embeddings.numpy().copy()
classifier.compile(optimizer="adam", loss="binary_crossentropy")
classifier.fit(x, y, epochs=5, batch_size=32, verbose=0)
after = vocabulary.embeddings.numpy()

change = np.abs(after - before).max(axis=1)
print("indices in the data:", sorted(set(x.ravel().tolist())))
for row, amount in enumerate(change):
    print(f"row {row}: largest change {amount:.4f}")
print("rows 6-9 exactly as initialised:", np.array_equal(after[6:], before[6:]))
