"""
Title: Keras 3's file names: .weights.h5, and no path without an extension
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: save_weights() takes only a name that ends in .weights.h5 (tf_keras
    took any .h5 name); a path without an extension, which tf_keras saved as a
    SavedModel folder, raises ValueError and points to .keras and
    model.export().
"""

# %% weights-h5
import contextlib
import os
import tempfile

import keras

keras.backend.clear_session()
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
    try:
        model.save_weights("weights.h5")  # tf_keras accepted this name
    except ValueError as error:
        print(f"ValueError: {error}")
    model.save_weights("model.weights.h5")
    print("saved:", os.listdir("."))

# %% keras3-no-extension (raises ValueError)
model.save("my_model")  # tf_keras wrote a SavedModel folder here; Keras 3 refuses
