"""
Title: N-D products in Keras 3: what dot, matmul and tensordot return
Page: docs/dot-products.md
Backends: tensorflow, jax, torch
Description: The result shapes of NumPy's dot and matmul and of Keras 3's
    keras.ops.dot, keras.ops.matmul and keras.ops.tensordot, for three pairs
    of shapes, on arrays and on symbolic tensors. keras.ops.dot follows
    np.dot on TensorFlow and JAX; on PyTorch it computes torch.matmul, while
    its symbolic shape still follows np.dot (keras-team/keras#23248).
"""

# %% table
import keras
import numpy as np

keras.backend.clear_session()
keras.utils.set_random_seed(0)

cases = [((2, 3, 4), (4, 5)), ((2, 3), (4, 3, 5)), ((2, 3, 4), (2, 4, 5))]
products = {
    "np.dot": np.dot,
    "np.matmul": np.matmul,
    "keras.ops.dot": keras.ops.dot,
    "keras.ops.matmul": keras.ops.matmul,
    "keras.ops.tensordot": lambda a, b: keras.ops.tensordot(a, b, axes=[[-1], [-2]]),
}


def result_shape(function, a, b):
    try:
        return str(tuple(function(a, b).shape)).replace(" ", "")
    except Exception as error:  # noqa: BLE001  (an error is a result here)
        return type(error).__name__


shapes = {name: [result_shape(f, np.ones(sa, "float32"), np.ones(sb, "float32"))
                 for sa, sb in cases] for name, f in products.items()}
heads = [f"{sa}·{sb}".replace(" ", "") for sa, sb in cases]
print(f"{'':20}" + "".join(f"{h:>17}" for h in heads))
for name, row in shapes.items():
    print(f"{name:20}" + "".join(f"{cell:>17}" for cell in row))

# %% symbolic-too
# The same calls on KerasTensors: shapes without any data.
symbolic = {name: [result_shape(products[name], keras.KerasTensor(sa), keras.KerasTensor(sb))
                   for sa, sb in cases]
            for name in ("keras.ops.dot", "keras.ops.matmul", "keras.ops.tensordot")}
print("symbolic shapes")
for name, row in symbolic.items():
    print(f"{name:20}" + "".join(f"{cell:>17}" for cell in row),
          " equal the computed ones:", row == shapes[name])
print("keras.ops has batch_dot:", hasattr(keras.ops, "batch_dot"))
