"""
Title: Try it: answers to the shared-layers questions
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: The executed answers to the page's "Try it" questions: two layer
    objects versus one, a third call with another number of time steps, and
    sharing one LSTM between inputs of different feature sizes.
"""

# %% two-objects
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: lstm, not lstm_3
keras.utils.set_random_seed(0)

a = keras.Input(shape=(280, 128))
b = keras.Input(shape=(250, 128))

one = keras.layers.LSTM(32)
shared_model = keras.Model([a, b], [one(a), one(b)])

first, second = keras.layers.LSTM(32), keras.layers.LSTM(32)
separate_model = keras.Model([a, b], [first(a), second(b)])

print(f"one layer called twice: {shared_model.count_params():,} parameters")
print(f"two layer objects:      {separate_model.count_params():,} parameters")

# %% third-call
variables_before = len(one.weights)
out = one(np.ones((3, 10, 128), dtype="float32"))  # real data, 10 time steps
print("output:", tuple(out.shape))
print("variables before and after:", variables_before, len(one.weights))
# _inbound_nodes is private in Keras 3: read it to look, but do not rely on it.
print("calls recorded on the layer:", len(one._inbound_nodes))

# %% project-then-share
# Inputs with 64 and 128 features: give each its own Dense projection to a
# common size, then share the LSTM.
narrow = keras.Input(shape=(250, 64))
wide = keras.Input(shape=(280, 128))
common = keras.layers.LSTM(32)
vec_narrow = common(keras.layers.Dense(128)(narrow))
vec_wide = common(keras.layers.Dense(128)(wide))
projected = keras.Model([narrow, wide], [vec_narrow, vec_wide])
outs = projected.predict(
    [np.zeros((2, 250, 64), "float32"), np.zeros((2, 280, 128), "float32")], verbose=0
)
print("outputs:", [o.shape for o in outs])
