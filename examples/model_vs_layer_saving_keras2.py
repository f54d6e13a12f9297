"""
Title: Saving formats in Keras 2 (tf_keras)
Page: docs/model-vs-layer.md
Backends: tensorflow (Keras 2: tf_keras runs on TensorFlow only)
Description: tf_keras's model.save() picks the format from the path: HDF5 for
    .h5 (with a "legacy" warning), a SavedModel folder for a path without an
    extension, the native format for .keras; each loads back with the same
    predictions. save_weights() takes any .h5 name.
"""

# %% keras2-formats
import logging
import os
import tempfile
import textwrap
import warnings

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
    old.save_weights(os.path.join(folder, "weights.h5"))  # any name ending in .h5
    print("save_weights('weights.h5') wrote:", os.path.isfile(os.path.join(folder, "weights.h5")))
