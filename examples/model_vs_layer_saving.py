"""
Title: Saving formats: Keras 2 (tf_keras) and Keras 3
Page: docs/model-vs-layer.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: tf_keras saves HDF5 (.h5, with a "legacy" warning), a SavedModel
    folder, or .keras; Keras 3 saves .keras and exports a SavedModel with
    model.export(). Run it and it ends with the ValueError Keras 3 raises for
    a path without an extension, which tf_keras saved as a SavedModel folder.
"""

# %% keras2-formats
import logging
import os
import tempfile
import textwrap
import warnings

import keras
import numpy as np
import tf_keras

tf_keras.backend.clear_session()
tf_keras.utils.set_random_seed(0)
# tf_keras logs advice about compiled metrics when it loads; not the point here
logging.getLogger("tensorflow").setLevel(logging.ERROR)

old = tf_keras.Sequential([tf_keras.Input(shape=(4,)), tf_keras.layers.Dense(1)])
x = np.ones((2, 4), dtype="float32")
with tempfile.TemporaryDirectory() as folder:
    for name in ("model.h5", "model_savedmodel", "model.keras"):
        path = os.path.join(folder, name)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            old.save(path)
        again = tf_keras.models.load_model(path, compile=False)
        kind = "folder" if os.path.isdir(path) else "file"
        print(f"{name:17} {kind:6} same predictions: "
              f"{np.array_equal(old.predict(x, verbose=0), again.predict(x, verbose=0))}")
        for w in caught:
            print(textwrap.fill(" ".join(str(w.message).split()), 76,
                                initial_indent="   warning: ", subsequent_indent="   "))

# %% keras3-export
keras.backend.clear_session()
keras.utils.set_random_seed(0)

new = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
with tempfile.TemporaryDirectory() as folder:
    new.export(os.path.join(folder, "exported"), verbose=False)
    print("model.export() wrote a SavedModel folder:")
    print("  ", sorted(os.listdir(os.path.join(folder, "exported"))))

# %% keras3-no-extension (raises ValueError)
new.save("my_model")  # tf_keras wrote a SavedModel folder here; Keras 3 refuses
