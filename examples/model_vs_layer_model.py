"""
Title: What a Model adds: training, evaluation, prediction, saving
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: The same tiny network built three ways has one parameter count;
    blog-era code that gives the first layer input_shape= still builds it, with
    a warning. Trained on synthetic data, it is evaluated, predicts, lists its
    layers and is saved to a .keras file and loaded back with identical
    predictions. Dropout runs only when the model is called with
    training=True; a nested model set trainable=False keeps its weights
    through fit. A subclassed model saved to a file loads in a new Python
    process once that process imports the module that registers its class.
    Run it and it ends with the NotImplementedError that saving a subclassed
    model whose constructor takes an argument raises without get_config().
"""

# %% three-ways
import keras
import numpy as np
from model_vs_layer_custom import TwoLayers  # the class above, from its module

keras.backend.clear_session()  # fresh names
keras.utils.set_random_seed(0)

# The same network (4 inputs -> 8 relu units -> 1 output), three ways.
sequential = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)]
)

inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
functional = keras.Model(inputs, keras.layers.Dense(1)(hidden))

subclassed = TwoLayers(units=8)
subclassed(np.zeros((1, 4), dtype="float32"))  # a first call builds its weights

for name, model in [("Sequential", sequential), ("functional", functional),
                    ("subclassed", subclassed)]:
    print(f"{name:10} {model.count_params()} parameters")

# %% input-shape-warning
import textwrap
import warnings

# Blog-era code: no Input, the first layer gets input_shape=
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    blog_style = keras.Sequential(
        [keras.layers.Dense(8, activation="relu", input_shape=(4,)), keras.layers.Dense(1)]
    )
for warning in caught:
    print(textwrap.fill(f"{warning.category.__name__}: {warning.message}", 78))
print("built anyway:", blog_style.count_params(), "parameters")

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

# %% loss-curve
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3))
losses = history.history["loss"]
ax.plot(range(1, len(losses) + 1), losses, marker="o", markersize=3)
ax.set_xlabel("epoch")
ax.set_ylabel("training loss (MSE)")
ax.set_yscale("log")
ax.grid(alpha=0.3)
fig.tight_layout()
plt.show()

# %% training-argument
dropout = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dropout(0.5)])
ones = np.ones((2, 8), dtype="float32")
for call, out in [("dropout(ones)", dropout(ones)),
                  ("dropout(ones, training=True)", dropout(ones, training=True)),
                  ("dropout.predict(ones)", dropout.predict(ones, verbose=0))]:
    print(f"{call:29} values: {sorted(set(keras.ops.convert_to_numpy(out).ravel().tolist()))}")

# %% frozen-model
encoder = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu")], name="encoder"
)
encoder.trainable = False  # freezes every weight inside it
head = keras.layers.Dense(1, name="head")
frozen = keras.Sequential([keras.Input(shape=(4,)), encoder, head], name="frozen")
frozen.compile(optimizer="adam", loss="mse")

encoder_before, head_before = encoder.get_weights(), head.get_weights()
frozen.fit(x, y, epochs=2, batch_size=32, verbose=0)
print("encoder weights unchanged by fit:",
      all(np.array_equal(a, b) for a, b in zip(encoder_before, encoder.get_weights())))
print("head weights changed by fit:     ",
      not any(np.array_equal(a, b) for a, b in zip(head_before, head.get_weights())))


def count(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


print("trainable parameters:    ", count(frozen.trainable_weights), "(head)")
print("non-trainable parameters:", count(frozen.non_trainable_weights), "(encoder)")

# %% layers
print("Sequential .layers:", [layer.name for layer in sequential.layers])
print("functional .layers:", [layer.name for layer in functional.layers])

# %% summary
model.summary(line_length=80)

# %% save-and-load
import os
import tempfile

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "model.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    print("saved:", sorted(os.listdir(folder)))
same = np.array_equal(model.predict(x, verbose=0), loaded.predict(x, verbose=0))
print("identical predictions after loading:", same)
print("loaded optimizer and loss:", type(loaded.optimizer).__name__, loaded.loss)

# %% custom-saving
import subprocess
import sys

import model_vs_layer_custom

# A new Python process, which has never seen TwoLayers, loads a saved one.
LOAD_IN_A_NEW_PROCESS = """
import sys
import textwrap

import keras
import numpy as np

folder = sys.argv[1]
try:
    keras.saving.load_model(f"{folder}/two_layers.keras")
except TypeError as error:  # its message ends with the saved config: not shown
    message = str(error).partition(" Full object config")[0]
    print(textwrap.fill(f"before the import: TypeError: {message}", 78))

import model_vs_layer_custom  # defines TwoLayers, and its decorator registers it

loaded = keras.saving.load_model(f"{folder}/two_layers.keras")
print("after the import:", type(loaded).__name__, "with units =", loaded.units)
np.save(f"{folder}/predictions.npy", loaded.predict(np.load(f"{folder}/x.npy"), verbose=0))
"""

with tempfile.TemporaryDirectory() as folder:
    subclassed.save(os.path.join(folder, "two_layers.keras"))
    np.save(os.path.join(folder, "x.npy"), x[:4])
    # run from the module's folder, so that the new process can import it
    new_process = subprocess.run([sys.executable, "-c", LOAD_IN_A_NEW_PROCESS, folder],
                                 cwd=os.path.dirname(model_vs_layer_custom.__file__),
                                 capture_output=True, text=True, check=True)
    print(new_process.stdout, end="")
    reloaded = np.load(os.path.join(folder, "predictions.npy"))
print("same predictions as before saving:",
      np.allclose(reloaded, subclassed.predict(x[:4], verbose=0)))

# %% custom-objects
import re


class Doubling(keras.layers.Layer):  # not registered
    def call(self, inputs):
        return 2 * inputs


doubling = keras.Sequential([keras.Input(shape=(4,)), Doubling()])
with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "doubling.keras")
    doubling.save(path)
    try:
        keras.saving.load_model(path)
    except TypeError as error:  # the message quotes the whole saved config: its key phrase
        print("load_model(path): TypeError:", re.search(r"Could not locate class '\w+'", str(error))[0])
    again = keras.saving.load_model(path, custom_objects={"Doubling": Doubling})
print("load_model(path, custom_objects={'Doubling': Doubling}): same predictions:",
      np.array_equal(again.predict(x[:4], verbose=0), doubling.predict(x[:4], verbose=0)))

# %% no-get-config (raises NotImplementedError)
class Forgetful(keras.Model):  # like TwoLayers, without get_config()
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs)


forgetful = Forgetful(units=8)
forgetful(x[:1])
with tempfile.TemporaryDirectory() as folder:
    forgetful.save(os.path.join(folder, "forgetful.keras"))
