"""
Title: Try it: answers to the Embedding vs Input questions
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: The executed answers to the page's "Try it" questions: how many
    rows a sequence needs, Embedding as a Dense layer on one-hot vectors, and
    what Keras 3 makes of indices -4 and -5. Run it and, on TensorFlow, it
    ends with the InvalidArgumentError that -5 raises (PyTorch: IndexError;
    JAX raises nothing and returns a row of NaN).
"""

# %% rows-needed
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

sequence = np.array([[2, 7, 7, 1]])
rows = int(sequence.max()) + 1
embedding = keras.layers.Embedding(input_dim=rows, output_dim=3)
print("distinct indices + 1:", len(np.unique(sequence)) + 1)
print("rows needed:", rows, " output:", tuple(embedding(sequence).shape))

# %% dense-on-one-hot
table_layer = keras.layers.Embedding(4, 5)
indices = np.array([[0, 1, 0, 1, 1, 0, 3]])
looked_up = keras.ops.convert_to_numpy(table_layer(indices))

dense = keras.layers.Dense(5, use_bias=False)
one_hot = keras.ops.one_hot(indices, 4)
dense.build(one_hot.shape)
dense.set_weights(table_layer.get_weights())  # the same (4, 5) matrix as its kernel
multiplied = keras.ops.convert_to_numpy(dense(one_hot))
print("parameters: Embedding", table_layer.count_params(),
      " Dense", dense.count_params())
print("same output:", np.allclose(looked_up, multiplied))

# %% minus-four-minus-five (raises tensorflow: InvalidArgumentError; torch: IndexError)
table = keras.ops.convert_to_numpy(table_layer.embeddings)
minus_four = keras.ops.convert_to_numpy(table_layer(np.array([[-4]])))
print("index -4 gives row 0:", np.array_equal(minus_four[0, 0], table[0]))
minus_five = keras.ops.convert_to_numpy(table_layer(np.array([[-5]])))
print("index -5 gives:", minus_five[0, 0])  # only JAX gets here
