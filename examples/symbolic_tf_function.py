"""
Title: TensorFlow backend: Keras's placeholder, and tf.function's tracing
Page: docs/symbolic-tensors.md
Backends: tensorflow (a TensorFlow graph, tf.* functions and tf.function are TensorFlow's own)
Description: To infer a layer's output shape, the TensorFlow backend calls
    the layer on a placeholder in a scratch graph, so a layer's call() may
    use TensorFlow functions there. tf.function traces a Python function
    with symbolic tensors (a None axis for the batch) into a concrete
    function that later calls reuse.
"""

# %% keras-stand-in
import keras
import tensorflow as tf

keras.backend.clear_session()
keras.utils.set_random_seed(0)


class TFSquare(keras.layers.Layer):
    """Squares with a TensorFlow function: for the TensorFlow backend only."""

    def call(self, x):
        print("call() receives", x)
        print("an operation of type", x.op.type, "in a", type(x.graph).__name__)
        return tf.square(x)


squared = TFSquare()(keras.Input(shape=(3,)))
print("result:", type(squared).__name__, squared.shape)

# %% tf-function


@tf.function
def product(x, y):
    print("tracing with", x)  # Python code runs only while tracing
    return tf.linalg.matmul(x, y)


concrete = product.get_concrete_function(
    tf.TensorSpec(shape=(None, 3)), tf.TensorSpec(shape=(3, 4)))
print("inputs: ", [tuple(spec.shape) for spec in concrete.structured_input_signature[0]])
print("outputs:", concrete.structured_outputs)
