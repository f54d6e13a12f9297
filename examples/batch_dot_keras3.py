"""
Title: K.batch_dot in Keras 3: keras.layers.Dot and keras.ops.einsum
Page: docs/dot-products.md
Backends: tensorflow, jax, torch
Description: Keras 3 has no batch_dot. keras.ops.matmul matches it only for
    3-D (b, m, n)·(b, n, p) inputs: on 2-D inputs it fails or silently
    computes a matrix product. keras.layers.Dot(axes=...) reproduces
    batch_dot's shapes and values; keras.ops.einsum computes the same
    products without batch_dot's extra axis of size 1 on 2-D inputs.
"""

# %% replacements
import keras
import numpy as np

keras.backend.clear_session()
keras.utils.set_random_seed(0)

# The pairs of the Keras 2 cell: x counts up from 0, y is all ones. Dot needs
# the axes that batch_dot chose by default; einsum names every axis.
pairs = [((2, 3), (2, 3), (1, 1), "bi,bi->b"),
         ((3, 3), (3, 3), (1, 1), "bi,bi->b"),
         ((2, 4, 5), (2, 5), (2, 1), "bij,bj->bi"),
         ((2, 7, 5), (2, 9, 5), (2, 2), "bik,bjk->bij"),
         ((2, 3, 4), (2, 4, 5), (2, 1), "bij,bjk->bik")]


def shape(array):
    return str(tuple(array.shape)).replace(" ", "")


def result_shape(function):
    try:
        return shape(function())
    except Exception as error:  # noqa: BLE001  (an error is a result here)
        return type(error).__name__


print(f"{'':18}{'keras.ops.matmul':>22}{'layers.Dot(axes)':>22}{'ops.einsum':>22}")
dot_values = {}
for sa, sb, axes, subscripts in pairs:
    x = np.arange(np.prod(sa), dtype="float32").reshape(sa)
    y = np.ones(sb, "float32")
    dot_values[(sa, sb)] = keras.ops.convert_to_numpy(keras.layers.Dot(axes=axes)([x, y]))
    cells = [result_shape(lambda: keras.ops.matmul(x, y)),
             f"{axes} {shape(dot_values[(sa, sb)])}".replace(", ", ","),
             f"{subscripts} {shape(keras.ops.einsum(subscripts, x, y))}"]
    print(f"{sa}·{sb}".replace(" ", "").ljust(18) + "".join(f"{c:>22}" for c in cells))
print("Dot, (2,3)·(2,3) values:", dot_values[((2, 3), (2, 3))].ravel().tolist())
