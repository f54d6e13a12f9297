"""
Title: Loading Keras 2 files in Keras 3
Page: docs/model-vs-layer.md
Backends: tensorflow (tf_keras writes the Keras 2 files, and TFSMLayer needs the TensorFlow backend)
Description: Files saved by tf_keras (Keras 2): keras.saving.load_model reads
    a Keras 2 .h5 model with the same predictions, but refuses a SavedModel
    folder with a ValueError that points to keras.layers.TFSMLayer, which
    loads the folder as an inference-only layer, again with the same
    predictions.
"""

# %% keras2-files
import contextlib
import logging
import tempfile
import textwrap
import warnings

import keras
import numpy as np
import tf_keras

tf_keras.backend.clear_session()
tf_keras.utils.set_random_seed(0)
logging.getLogger("tensorflow").setLevel(logging.ERROR)  # tf_keras's advice when it saves

old = tf_keras.Sequential([tf_keras.Input(shape=(4,)), tf_keras.layers.Dense(1)])
x = np.ones((2, 4), dtype="float32")
expected = old.predict(x, verbose=0)
with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tf_keras: "HDF5 ... is considered legacy"
        old.save("old_model.h5")  # Keras 2: an HDF5 file
    old.save("old_model")  # Keras 2: a SavedModel folder

    from_h5 = keras.saving.load_model("old_model.h5", compile=False)
    print("old_model.h5, load_model: same predictions:",
          np.array_equal(from_h5.predict(x, verbose=0), expected))
    try:
        keras.saving.load_model("old_model")
    except ValueError as error:
        print(textwrap.fill(f"old_model, load_model: ValueError: {error}", 78))
    layer = keras.layers.TFSMLayer("old_model", call_endpoint="serving_default")
    outputs = layer(x)  # a dict: the SavedModel names its outputs
    print("old_model, TFSMLayer: outputs", list(outputs), "same predictions:",
          np.array_equal(keras.ops.convert_to_numpy(outputs["dense"]), expected))
