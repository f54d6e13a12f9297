"""
Title: An index equal to input_dim
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: Embedding(4, 5) has rows 0 to 3. Index 4 asks for a row that
    does not exist, and each backend does something else on CPU: TensorFlow
    raises InvalidArgumentError, PyTorch raises IndexError, JAX raises
    nothing and returns a row of NaN. (On GPU, TensorFlow returns zeros: a
    citation of tf.gather's documentation, not run here.)
"""

# %% index-equals-input-dim (raises tensorflow: InvalidArgumentError; torch: IndexError)
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

embedding = keras.layers.Embedding(input_dim=4, output_dim=5)
out = embedding(np.array([[0, 1, 0, 1, 1, 0, 4]]))  # 4 == input_dim: no such row
out = keras.ops.convert_to_numpy(out)  # only JAX gets here
print("row for index 4:", out[0, 6])
print("positions that read NaN:", np.flatnonzero(np.isnan(out[0]).any(axis=1)).tolist())
