"""
Title: The blog's Embedding experiment in Keras 3, and what its output is
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: Keras 3 warns about input_length and drops it; the model begins
    with keras.Input(shape=(7,), dtype="int32") instead. Four rows because the
    largest index is 3. Real indices come from TextVectorization, whose
    vocabulary_size() (padding 0 and [UNK] 1 included) is input_dim; Keras 2's
    Tokenizer is gone. StringLookup puts [UNK] at 0 unless given a mask_token,
    so mask_zero=True would hide unknown tokens. Each output row is
    table[index], which equals one_hot(indices) @ table. Ends with the picture
    of the lookup.
"""

# %% input-length
import warnings

import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_style = keras.layers.Embedding(4, 5, input_length=7)
for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")
print("input_length kept in the config:", "input_length" in old_style.get_config())

# %% right-way
indices = np.array([[0, 1, 0, 1, 1, 0, 3]])
words = keras.Input(shape=(7,), dtype="int32", name="word_indices")
embedding = keras.layers.Embedding(input_dim=4, output_dim=5, name="embedding")
model = keras.Model(words, embedding(words))
model.summary(line_length=80)

output = model.predict(indices, verbose=0)
np.set_printoptions(precision=4, suppress=True)
print("output shape:", output.shape)

# %% why-four
table = keras.ops.convert_to_numpy(embedding.embeddings)
print("largest index:", indices.max(), "-> rows needed:", indices.max() + 1)
print("row 2 of the table:", table[2])
row_2_used = any(np.array_equal(row, table[2]) for row in output[0])
print("row 2 appears in the output:", row_2_used)
for sequence in ([0, 1, 0, 1, 1, 0, 3], [0, 5, 9]):
    distinct_plus_one, largest_plus_one = len(set(sequence)) + 1, max(sequence) + 1
    print(f"{sequence}: distinct + 1 = {distinct_plus_one},",
          f"largest + 1 = {largest_plus_one}")

# %% from-text
# Where indices come from: TextVectorization learns a vocabulary from text
# (adapt) and turns each string into indices. 0 is padding, 1 is [UNK].
corpus = ["the cat sat", "the dog sat down", "a cat"]
vectorize = keras.layers.TextVectorization(output_sequence_length=5)
vectorize.adapt(corpus)
print("vocabulary:", [str(word) for word in vectorize.get_vocabulary()])
print("vocabulary_size():", vectorize.vocabulary_size())
text_indices = keras.ops.convert_to_numpy(vectorize(["the cat ran", "a dog"]))
print(text_indices)
words_table = keras.layers.Embedding(input_dim=vectorize.vocabulary_size(), output_dim=5,
                                     mask_zero=True)  # 0 = padding
print("vectors:", tuple(words_table(text_indices).shape))
print("Keras 2's keras.preprocessing.text (Tokenizer) exists:",
      hasattr(keras.preprocessing, "text"))

# %% string-lookup
# Tokens already split, or categories (a country code, a user ID): StringLookup.
# By default it has no padding and index 0 is [UNK], the out-of-vocabulary index.
categories = keras.layers.StringLookup(vocabulary=["cat", "dog"])
print("vocabulary:", [str(word) for word in categories.get_vocabulary()])
unknown_first = keras.ops.convert_to_numpy(categories([["cat", "fish", "dog"]]))
print("cat fish dog ->", unknown_first)
masked = keras.layers.Embedding(categories.vocabulary_size(), 5, mask_zero=True)
print("mask_zero=True keeps:", keras.ops.convert_to_numpy(masked.compute_mask(unknown_first)))

# mask_token="" reserves 0 for padding, as TextVectorization does: [UNK] moves to 1
padded = keras.layers.StringLookup(vocabulary=["cat", "dog"], mask_token="")
print("vocabulary:", [str(word) for word in padded.get_vocabulary()])
padded_indices = keras.ops.convert_to_numpy(padded([["cat", "fish", "dog", ""]]))
print("cat fish dog '' ->", padded_indices)
masked = keras.layers.Embedding(padded.vocabulary_size(), 5, mask_zero=True)
print("mask_zero=True keeps:", keras.ops.convert_to_numpy(masked.compute_mask(padded_indices)))

# %% repeated-rows
print(output[0])
lookup = table[indices[0]]  # NumPy indexing: the row of each index
one_hot = keras.ops.convert_to_numpy(keras.ops.one_hot(indices[0], 4))
print("one-hot rows:")
print(one_hot)
print("output == table[indices]:        ", np.array_equal(output[0], lookup))
print("output == one_hot(indices) @ table:", np.allclose(output[0], one_hot @ table))

# %% picture
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

fig, (left, right) = plt.subplots(
    1, 2, figsize=(8.5, 3.6), gridspec_kw={"width_ratios": [1, 1.3]})
limit = 0.05  # the initialiser's range: one colour scale for both
for ax, values, title in ((left, table, "table (4 × 5)"),
                          (right, output[0], "output (7 × 5)")):
    ax.imshow(values, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="equal")
    ax.set_title(title, fontsize=10)
    ax.set_xticks(range(5), [f"{d}" for d in range(5)], fontsize=8)
    ax.set_xlabel("vector component", fontsize=8)
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            ax.text(c, r, f"{v:+.3f}", ha="center", va="center", fontsize=6.5)
looked_up = sorted(set(indices[0].tolist()))
left.set_yticks(range(4), [f"row {r}" + ("" if r in looked_up else " (unused)")
                           for r in range(4)], fontsize=8)
for r in looked_up:
    left.add_patch(Rectangle((-0.5, r - 0.5), 5, 1, fill=False,
                             edgecolor="#c4620b", lw=2.5))
left.add_patch(Rectangle((-0.5, 1.5), 5, 1, facecolor="white", alpha=0.6, hatch="//",
                         edgecolor="#999999"))
right.set_yticks(range(7),
                 [f"position {p}: index {i}" for p, i in enumerate(indices[0])],
                 fontsize=8)
fig.tight_layout()
plt.show()
