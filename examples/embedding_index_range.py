"""
Title: An index equal to input_dim
Page: docs/embedding-vs-input.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: Embedding(4, 5) has rows 0 to 3. On CPU, index 4 stops the
    lookup (TensorFlow's gather op raises InvalidArgumentError). On GPU,
    tf.gather's own documentation says the output gets zeros instead; that is
    printed here from the installed TensorFlow, not run. Run it and it ends
    with the CPU error.
"""

# %% gpu-docs
import textwrap

import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

# What tf.gather's docstring (this TensorFlow version) says about bad indices
doc = " ".join(tf.gather.__doc__.split())
start = doc.index("Caution:")
caution = doc[start : doc.index("output value.", start) + len("output value.")]
print(textwrap.fill(caution, width=78))
print("devices here:", [d.device_type for d in tf.config.list_physical_devices()])

# %% index-equals-input-dim (raises InvalidArgumentError)
embedding = keras.layers.Embedding(input_dim=4, output_dim=5)
embedding(np.array([[0, 1, 0, 1, 1, 0, 4]]))  # 4 == input_dim: no such row
