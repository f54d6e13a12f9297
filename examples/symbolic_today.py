"""
Title: Where symbolic tensors live today
Page: docs/symbolic-tensors.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: A functional model infers every shape before it sees data, and
    tf.function traces a Python function with symbolic tensors (a None axis
    for the batch) into a concrete function that later calls reuse.
"""

# %% functional-model
import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()  # fresh names: dense, not dense_4
keras.utils.set_random_seed(0)

inputs = keras.Input(shape=(3,))  # batch size left open: None
dense = keras.layers.Dense(4)  # computes inputs · kernel + bias
outputs = dense(inputs)
model = keras.Model(inputs, outputs)
print("inputs: ", inputs.shape)
print("outputs:", outputs.shape, " (no data seen yet)")
print("kernel: ", tuple(dense.kernel.shape))
data = np.arange(15, dtype="float32").reshape(5, 3)
predicted = model.predict(data, verbose=0)
print("with 5 rows of data:", predicted.shape)
print("equals data · kernel + bias:",
      np.allclose(predicted, data @ dense.kernel.numpy() + dense.bias.numpy(), atol=1e-5))


# %% tf-function
@tf.function
def product(x, y):
    print("tracing with", x)  # Python code runs only while tracing
    return tf.linalg.matmul(x, y)


concrete = product.get_concrete_function(
    tf.TensorSpec(shape=(None, 3)), tf.TensorSpec(shape=(3, 4)))
print("inputs: ", [tuple(spec.shape) for spec in concrete.structured_input_signature[0]])
print("outputs:", concrete.structured_outputs)
