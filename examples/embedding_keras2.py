"""
Title: The blog's Embedding experiment, in Keras 2 style
Page: docs/embedding-vs-input.md
Backends: tensorflow (Keras 2: tf_keras runs on TensorFlow only)
Description: Sequential + Embedding(4, 5, input_length=7) through the tf_keras
    package (Keras 2), exactly as the blog ran it: a (1, 7, 5) array whose rows
    repeat wherever an index repeats, because each row is looked up in the table.
    Keras 2's Tokenizer numbered words from 1, hence len(word_index) + 1 rows.
"""

# %% experiment
import numpy as np
import tf_keras

tf_keras.backend.clear_session()  # fresh names: embedding, not embedding_3
tf_keras.utils.set_random_seed(0)

model = tf_keras.Sequential()
model.add(tf_keras.layers.Embedding(4, 5, input_length=7))
model.compile("rmsprop", "mse")
indices = np.array([[0, 1, 0, 1, 1, 0, 3]])
output = model.predict(indices, verbose=0)

np.set_printoptions(precision=4, suppress=True)
print("output shape:", output.shape)
print(output)

# %% lookup
table = model.layers[0].get_weights()[0]
print("table shape:", table.shape, " model input shape:", model.input_shape)
for i, row in enumerate(table):
    print(f"row {i}:", row)
print("output[0] == table[indices[0]]:", np.array_equal(output[0], table[indices[0]]))

# %% tokenizer
tokenizer = tf_keras.preprocessing.text.Tokenizer()
tokenizer.fit_on_texts(["the cat sat", "the dog sat down", "a cat"])
print("word_index:", tokenizer.word_index)
print("rows needed: len(word_index) + 1 =", len(tokenizer.word_index) + 1)
print("'the cat ran', 'a dog' ->", tokenizer.texts_to_sequences(["the cat ran", "a dog"]))
