"""
Title: A different feature size in Keras 3: a recurrent layer notices late
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: A Keras 3 recurrent layer (LSTM, GRU) checks only that its input
    has three axes, not its feature size. Called again on symbolic input with
    another feature size, a built LSTM passes; the error appears only when data
    flows through the layer. Run it and it ends with that error, whose class
    depends on the backend.
"""

# %% symbolic-call
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: lstm, not lstm_3
keras.utils.set_random_seed(0)

lstm = keras.layers.LSTM(32)
lstm(keras.Input(shape=(280, 128)))  # builds the kernel for 128 features
print("kernel shape:", tuple(lstm.cell.kernel.shape))
print("what the LSTM checks in its input:", lstm.input_spec)

c = keras.Input(shape=(250, 64))  # 64 features
encoded_c = lstm(c)  # no error yet
print("symbolic call on 64 features ->", encoded_c.shape)

# %% data-flows (raises tensorflow: ValueError; jax: TypeError; torch: RuntimeError)
model = keras.Model(c, encoded_c)
model.predict(np.zeros((1, 250, 64), dtype="float32"), verbose=0)
