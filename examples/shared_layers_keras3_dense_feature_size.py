"""
Title: A different feature size in Keras 3: which layers check at the call
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: GRU, Dense and Conv1D layers, each built for 128 features, called
    again on symbolic input with 64 features. The GRU, like the LSTM, checks
    only that its input has three axes, and the call passes. Dense and Conv1D
    record the feature size when they are built, and the call raises a
    ValueError at once, as in Keras 2.
"""

# %% dense-checks-at-once
import keras

keras.backend.clear_session()  # fresh names: dense, not dense_3

c = keras.Input(shape=(250, 64))  # 64 features
for layer in (keras.layers.GRU(32), keras.layers.Dense(32), keras.layers.Conv1D(32, 3)):
    layer(keras.Input(shape=(280, 128)))  # builds the kernel for 128 features
    print(f"{type(layer).__name__:6} checks {layer.input_spec}")
    try:
        print("       call on 64 features passes ->", layer(c).shape)
    except ValueError as error:
        reason = str(error).partition("incompatible with the layer: ")[2]
        print("       call on 64 features: ValueError:", reason.partition(", but")[0])
