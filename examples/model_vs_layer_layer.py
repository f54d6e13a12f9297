"""
Title: A Layer: state and computation
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: A small custom layer that creates its weights lazily in build(),
    from the shape of its first input; what a plain layer offers (config,
    weights) and what it lacks (no fit, no save). Run it and it ends with the
    AttributeError that calling fit on a layer raises.
"""

# %% custom-layer
import keras
import numpy as np

keras.backend.clear_session()  # fresh names
keras.utils.set_random_seed(0)


class Scale(keras.layers.Layer):
    """Multiplies every feature by its own trainable factor."""

    def build(self, input_shape):  # runs once, at the first call
        self.factor = self.add_weight(shape=(input_shape[-1],), initializer="ones",
                                      name="factor")

    def call(self, inputs):  # runs at every call
        return inputs * self.factor


scale = Scale()
print("weights before the first call:", len(scale.weights))
out = scale(np.arange(6, dtype="float32").reshape(2, 3))
print("weights after it:", [(w.path, tuple(w.shape)) for w in scale.weights])
print("output:", keras.ops.convert_to_numpy(out).tolist())

# %% what-a-layer-has
print("get_config():", scale.get_config())
print("get_weights():", [w.tolist() for w in scale.get_weights()])
print("count_params():", scale.count_params())
for name in ("fit", "evaluate", "predict", "save", "summary", "layers"):
    print(f"has {name}: {hasattr(scale, name)}")

# %% no-fit (raises AttributeError)
scale.fit(np.ones((2, 3)), np.ones((2, 3)))
