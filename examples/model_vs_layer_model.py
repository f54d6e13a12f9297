"""
Title: A Model is a Layer that can train, evaluate, predict and save itself
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: Model subclasses Layer, so a model can be used as a layer inside
    another model, with the same weight objects. The same tiny network built
    three ways has one parameter count; trained on synthetic data, it is saved
    to a .keras file and loaded back with identical predictions.
"""

# %% model-is-a-layer
import os
import tempfile

import keras
import numpy as np

keras.backend.clear_session()  # fresh names
keras.utils.set_random_seed(0)

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

# %% three-ways
# The same network (4 inputs -> 8 relu units -> 1 output), three ways.
sequential = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)]
)

inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
functional = keras.Model(inputs, keras.layers.Dense(1)(hidden))


@keras.saving.register_keras_serializable()  # so that load_model() finds the class
class TwoLayers(keras.Model):
    def __init__(self, **kwargs):  # pass on name, dtype, ...
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(8, activation="relu")
        self.out = keras.layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


subclassed = TwoLayers()
subclassed(np.zeros((1, 4), dtype="float32"))  # a first call builds its weights

for name, model in [("Sequential", sequential), ("functional", functional),
                    ("subclassed", subclassed)]:
    print(f"{name:10} {model.count_params()} parameters")

# %% train
# Synthetic regression: y = x @ w + noise
rng = np.random.default_rng(0)
x = rng.normal(size=(256, 4)).astype("float32")
y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]]) + 0.1 * rng.normal(size=(256, 1))).astype("float32")

model = functional
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse")
history = model.fit(x, y, epochs=30, batch_size=32, verbose=0)
print(f"loss: epoch 1 {history.history['loss'][0]:.3f}, epoch 30 {history.history['loss'][-1]:.3f}")
print(f"evaluate(): {model.evaluate(x, y, verbose=0):.3f}")
print("predict() on 2 samples:", model.predict(x[:2], verbose=0).astype(float).round(3).tolist())
print("layers:", [layer.name for layer in model.layers])

# %% loss-curve
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(range(1, 31), history.history["loss"], marker="o", markersize=3)
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (MSE)")
ax.set_yscale("log")
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% summary
model.summary(line_length=80)

# %% save-and-load
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "model.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    print("saved:", sorted(os.listdir(folder)))
same = np.array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))
print("identical predictions after loading:", same)
print("loaded optimizer and loss:", type(loaded.optimizer).__name__, loaded.loss)
