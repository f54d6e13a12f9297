"""
Title: What to write instead, and reading a layer's output
Page: docs/symbolic-tensors.md
Backends: tensorflow, jax, torch
Description: keras.ops functions work on KerasTensors where tf.* functions,
    NumPy and Python's if do not, and keras.Function computes values from
    them. keras.Model(model.inputs, layer.output) or keras.Function reads a
    layer's output (intermediate activations). A layer of a nested model is
    connected to that model's own inputs: run it and it ends with the
    ValueError that starting from the outer model's inputs raises.
"""

# %% instead
import keras
import numpy as np

keras.backend.clear_session()
keras.utils.set_random_seed(0)

x = keras.Input(shape=(3,))
squared = keras.ops.square(x)  # not tf.square(x)
row_sums = keras.ops.sum(x, axis=1, keepdims=True)
doubled_if_positive = keras.ops.where(row_sums > 0, 2 * x, x)  # not an if
print("keras.ops.square:", type(squared).__name__, squared.shape)
print("keras.ops.where: ", type(doubled_if_positive).__name__, doubled_if_positive.shape)

compute = keras.Function(x, [squared, doubled_if_positive])  # values need data
data = np.array([[1, 2, 3], [-1, -2, -3]], dtype="float32")
for name, value in zip(["square", "where"], compute(data), strict=True):
    print(f"{name} on data:", keras.ops.convert_to_numpy(value).tolist())

# %% intermediate
inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(3, activation="relu", name="hidden")(inputs)
outputs = keras.layers.Dense(2, name="scores")(hidden)
model = keras.Model(inputs, outputs)

features = keras.Model(model.inputs, model.get_layer("hidden").output)  # same layers
batch = np.arange(8, dtype="float32").reshape(2, 4)
activations = features.predict(batch, verbose=0)
hidden_layer = model.get_layer("hidden")
kernel = keras.ops.convert_to_numpy(hidden_layer.kernel)
bias = keras.ops.convert_to_numpy(hidden_layer.bias)
print("hidden activations:", activations.shape)
print("equal relu(batch · kernel + bias):",
      np.allclose(activations, np.maximum(batch @ kernel + bias, 0), atol=1e-5))

every_layer = keras.Function(model.inputs, [layer.output for layer in model.layers[1:]])
for layer, value in zip(model.layers[1:], every_layer([batch]), strict=True):
    print(f"{layer.name}:", keras.ops.convert_to_numpy(value).shape)

# %% nested
encoder = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(3, activation="relu", name="hidden")],
    name="encoder")
pair = keras.Input(shape=(4,))
classifier = keras.Model(pair, keras.layers.Dense(2, name="scores")(encoder(pair)))
print("classifier.layers:", [layer.name for layer in classifier.layers])

inner = classifier.get_layer("encoder").get_layer("hidden")
inner_features = keras.Model(encoder.inputs, inner.output)  # where its graph starts
print("hidden activations:", inner_features.predict(batch, verbose=0).shape)

# %% nested-trap (raises ValueError)
keras.Model(classifier.inputs, inner.output)  # inner.output is in the encoder's graph
