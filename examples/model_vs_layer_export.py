"""
Title: Exporting a Keras 3 model: SavedModel and LiteRT
Page: docs/model-vs-layer.md
Backends: tensorflow, jax (export to a SavedModel on PyTorch goes through torch.export and torch_xla, and fails here)
Description: model.export() writes a TensorFlow SavedModel folder (the default
    format) on the TensorFlow and JAX backends, using TensorFlow on both; with
    format="litert" it writes a LiteRT (TFLite) file on TensorFlow. Run it and
    it ends, on JAX, with the ValueError for LiteRT export there.
"""

# %% savedmodel
import os
import tempfile

import absl.logging
import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()
keras.utils.set_random_seed(0)
# TensorFlow logs on stderr as it exports ("Assets written to ...") and, for a
# model exported from JAX, warns when loading that its functions keep no
# gradients (serving needs none): keep its loggers to errors.
absl.logging.set_verbosity(absl.logging.ERROR)
tf.get_logger().setLevel("ERROR")

new = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
x = np.ones((2, 4), dtype="float32")
folder = tempfile.mkdtemp()
new.export(os.path.join(folder, "exported"), verbose=False)
print("model.export() wrote a SavedModel folder:")
print("  ", sorted(os.listdir(os.path.join(folder, "exported"))))
reloaded = tf.saved_model.load(os.path.join(folder, "exported"))  # TensorFlow alone
print("TensorFlow serves the same predictions:",
      np.allclose(np.asarray(reloaded.serve(x)), keras.ops.convert_to_numpy(new(x))))

# %% litert (raises jax: ValueError)
new.export(os.path.join(folder, "model.tflite"), format="litert", verbose=False)
print('format="litert" wrote:', sorted(os.listdir(folder)))
