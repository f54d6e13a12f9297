"""
Title: A different feature size in Keras 3: where does it fail?
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: On TensorFlow 2.21 / Keras 3, calling a built LSTM on symbolic
    input with another feature size passes; the error appears only when data
    flows through the layer. Run it and it ends with that ValueError.
"""

# %% symbolic-call
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: lstm, not lstm_3
keras.utils.set_random_seed(0)

lstm = keras.layers.LSTM(32)
lstm(keras.Input(shape=(280, 128)))  # builds the kernel for 128 features
print("kernel shape:", tuple(lstm.weights[0].shape))

c = keras.Input(shape=(250, 64))  # 64 features
encoded_c = lstm(c)  # no error yet
print("symbolic call on 64 features ->", encoded_c.shape)

# %% data-flows (raises ValueError)
model = keras.Model(c, encoded_c)
model.predict(np.zeros((1, 250, 64), dtype="float32"), verbose=0)
