"""
Title: Try it: answers to the Model vs Layer questions
Page: docs/model-vs-layer.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: A layer trained without any Model (a hand-written loop with a
    gradient tape), and what .layers lists for a model nested in another.
"""

# %% train-a-bare-layer
import keras
import numpy as np
import tensorflow as tf

keras.backend.clear_session()  # fresh names
keras.utils.set_random_seed(0)

dense = keras.layers.Dense(1)
optimizer = keras.optimizers.SGD(learning_rate=0.1)
x = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
y = x @ np.array([[2.0], [-1.0]], dtype="float32")

for step in range(100):
    with tf.GradientTape() as tape:
        loss = keras.ops.mean((dense(x) - y) ** 2)
    grads = tape.gradient(loss, dense.trainable_weights)
    optimizer.apply(grads, dense.trainable_weights)
print(f"loss after 100 steps: {float(loss):.2e}")
print("learned kernel:", dense.kernel.numpy().round(3).ravel().tolist())

# %% nested-layers
inner = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)],
                         name="inner")
outer = keras.Sequential([keras.Input(shape=(3,)), inner, keras.layers.Dense(1)], name="outer")
print("outer.layers:", [layer.name for layer in outer.layers])
print("inner.layers:", [layer.name for layer in inner.layers])
print("outer.count_params():", outer.count_params(), "=", inner.count_params(), "+",
      outer.layers[-1].count_params())
