"""
Title: Try it: how many traces (TensorFlow backend)
Page: docs/symbolic-tensors.md
Backends: tensorflow (tf.function is TensorFlow's own tracing)
Description: The executed answer to the page's second "Try it" question: a
    tf.function whose input signature has a None batch axis runs its Python
    code once, for any number of rows.
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
