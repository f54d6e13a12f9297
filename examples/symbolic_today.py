"""
Title: Where symbolic tensors live today: a functional model
Page: docs/symbolic-tensors.md
Backends: tensorflow, jax, torch
Description: A functional model infers every shape before it sees data. To
    do so, Keras runs each layer's call() on stand-in tensors of the
    backend: a TensorFlow graph tensor, a JAX tracer, or a PyTorch tensor on
    the "meta" device, which has a shape and no values. predict() traces
    call() on TensorFlow and JAX, so it sees no values there either;
    run_eagerly=True gives it the data.
"""

# %% functional-model
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: dense, not dense_4
keras.utils.set_random_seed(0)

inputs = keras.Input(shape=(3,))  # batch size left open: None
dense = keras.layers.Dense(4)  # computes `inputs · kernel + bias`
outputs = dense(inputs)
model = keras.Model(inputs, outputs)
print("inputs: ", inputs.shape)
print("outputs:", outputs.shape, " (no data seen yet)")
print("kernel: ", tuple(dense.kernel.shape))
data = np.arange(15, dtype="float32").reshape(5, 3)
predicted = model.predict(data, verbose=0)
kernel = keras.ops.convert_to_numpy(dense.kernel)
bias = keras.ops.convert_to_numpy(dense.bias)
print("with 5 rows of data:", predicted.shape)
print("equals data · kernel + bias:", np.allclose(predicted, data @ kernel + bias, atol=1e-5))


# %% inside-call
class Peek(keras.layers.Layer):
    """Prints what its call() receives, then multiplies by a (3, 4) matrix."""

    def call(self, x):
        print("call() receives a", type(x).__name__, "of shape", tuple(x.shape),
              "on device", getattr(x, "device", None) or "-")
        return keras.ops.matmul(x, keras.ops.ones((3, 4)))


peeked = Peek()(keras.Input(shape=(3,)))
print("result:", type(peeked).__name__, peeked.shape)


# %% run-eagerly
class Show(keras.layers.Layer):
    """Prints the tensor its call() receives, then doubles it."""

    def call(self, x):
        print("    call() receives", x)
        return 2 * x


print("building the model:")
rows_in = keras.Input(shape=(3,))
debugged = keras.Model(rows_in, Show()(rows_in))
rows = np.arange(6, dtype="float32").reshape(2, 3)
for eager in (False, True):
    debugged.compile(run_eagerly=eager)  # True: call() runs on the data, step by step
    print(f"predict, run_eagerly={eager}:")
    debugged.predict(rows, verbose=0)
