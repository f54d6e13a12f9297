"""
Title: Keras 3 refuses a path without an extension
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: A path without an extension, which tf_keras saved as a
    SavedModel folder: Keras 3 raises ValueError and points to .keras and
    model.export().
"""

# %% keras3-no-extension (raises ValueError)
import keras

keras.backend.clear_session()
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.save("my_model")  # tf_keras wrote a SavedModel folder here; Keras 3 refuses
