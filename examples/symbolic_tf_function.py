"""
Title: tf.function: tracing with symbolic tensors (TensorFlow backend)
Page: docs/symbolic-tensors.md
Backends: tensorflow (tf.function is TensorFlow's own tracing)
Description: tf.function traces a Python function with symbolic tensors (a
    None axis for the batch) into a concrete function that later calls reuse.
"""

# %% tf-function
import tensorflow as tf


@tf.function
def product(x, y):
    print("tracing with", x)  # Python code runs only while tracing
    return tf.linalg.matmul(x, y)


concrete = product.get_concrete_function(
    tf.TensorSpec(shape=(None, 3)), tf.TensorSpec(shape=(3, 4)))
print("inputs: ", [tuple(spec.shape) for spec in concrete.structured_input_signature[0]])
print("outputs:", concrete.structured_outputs)
