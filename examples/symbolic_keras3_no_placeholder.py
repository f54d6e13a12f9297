"""
Title: Keras 3 has no placeholder
Page: docs/symbolic-tensors.md
Backends: tensorflow, jax, torch
Description: The Keras 2 line K.placeholder(shape=(2, 3)) has no Keras 3
    counterpart in keras.backend. Run it and it ends with that AttributeError.
"""

# %% no-placeholder (raises AttributeError)
import keras

keras.backend.clear_session()
keras.utils.set_random_seed(0)

keras.backend.placeholder(shape=(2, 3))
