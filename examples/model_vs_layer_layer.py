"""
Title: A Layer: state and computation; a Model is a Layer
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: A small custom layer that creates its weights lazily in build(),
    from the shape of its first input; what a plain layer offers (config,
    weights) and what it lacks (no fit, no save). Model subclasses Layer, so a
    model can be used as a layer inside another model, with the same weight
    objects.
"""

# %% custom-layer
import keras
import numpy as np

keras.backend.clear_session()  # fresh names
keras.utils.set_random_seed(0)


@keras.saving.register_keras_serializable(package="model_vs_layer")  # for load_model
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

# %% model-is-a-layer
print("issubclass(keras.Model, keras.layers.Layer):", issubclass(keras.Model, keras.layers.Layer))

# %% model-inside-a-model
encoder = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu")], name="encoder"
)
left = keras.Input(shape=(4,), name="left")
right = keras.Input(shape=(4,), name="right")
joined = keras.layers.Concatenate()([encoder(left), encoder(right)])
pair_model = keras.Model([left, right], keras.layers.Dense(1)(joined), name="pair_model")

print("layers of pair_model:", [layer.name for layer in pair_model.layers])
print("pair_model.get_layer('encoder') is encoder:", pair_model.get_layer("encoder") is encoder)
shared = [any(w is v for v in pair_model.weights) for w in encoder.weights]
print("encoder's weight objects inside pair_model:", shared)
