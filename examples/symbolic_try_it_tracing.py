"""
Title: Try it: how many traces (TensorFlow backend)
Page: docs/symbolic-tensors.md
Backends: tensorflow (tf.function is TensorFlow's own tracing)
Description: The executed answer to the page's "Try it" question: a
    tf.function whose input signature has a None batch axis runs its Python
    code once, for any number of rows. Without an input signature it traces
    again for every new input shape.
"""


# %% one-trace
import tensorflow as tf


@tf.function(input_signature=[tf.TensorSpec((None, 3)), tf.TensorSpec((3, 4))])
def traced(x, y):
    print("tracing with", x)  # Python code: runs only while tracing
    return tf.linalg.matmul(x, y)


for rows in (2, 5, 7):
    result = traced(tf.ones((rows, 3)), tf.ones((3, 4)))
    print(f"{rows} rows ->", tuple(result.shape))
print("traces:", traced.experimental_get_tracing_count())


# %% no-signature
@tf.function  # no input_signature: one trace per new input shape
def untyped(x, y):
    print("tracing with", x)
    return tf.linalg.matmul(x, y)


for rows in (2, 5, 7, 5):
    result = untyped(tf.ones((rows, 3)), tf.ones((3, 4)))
    print(f"{rows} rows ->", tuple(result.shape))
print("traces:", untyped.experimental_get_tracing_count())
