"""
Title: Try it: where the per-sample products are
Page: docs/dot-products.md
Backends: tensorflow, jax, torch
Description: The executed answer to the page's "Try it" question: the
    per-sample products sit on the "diagonal" of np.dot's 4-D result.
"""

# %% diagonal
import numpy as np

rng = np.random.default_rng(0)
x = rng.normal(size=(2, 3, 4)).astype("float32")
y = rng.normal(size=(2, 4, 5)).astype("float32")
every_pair = np.dot(x, y)  # sample i of x with sample j of y
per_sample = np.matmul(x, y)  # sample i of x with sample i of y
print("np.dot:", every_pair.shape, " np.matmul:", per_sample.shape)
for i in range(2):
    print(f"np.dot[{i}, :, {i}, :] == np.matmul[{i}]:",
          np.allclose(every_pair[i, :, i, :], per_sample[i], atol=1e-6))
