"""
Title: A different feature size in Keras 3: Dense checks at once
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: A Dense layer records its input's feature size when it is built,
    so a second call with another feature size fails at the call itself, on
    symbolic input, as in Keras 2. Run it and it ends with that ValueError.
"""

# %% dense-checks-at-once (raises ValueError)
import keras

keras.backend.clear_session()  # fresh names: dense, not dense_3

dense = keras.layers.Dense(32)
dense(keras.Input(shape=(280, 128)))  # builds the kernel for 128 features
print("kernel shape:", tuple(dense.kernel.shape))
print("what the Dense layer checks in its input:", dense.input_spec)

dense(keras.Input(shape=(250, 64)))  # 64 features
