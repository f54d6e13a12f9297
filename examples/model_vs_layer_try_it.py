"""
Title: Try it: answers to the Model vs Layer questions
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: A layer trained without any Model: a hand-written loop where each
    backend computes the gradients its own way (tf.GradientTape, jax.grad of
    a stateless call, torch.autograd) and one Keras optimizer applies them;
    and what .layers lists for a model nested in another.
"""

# %% train-a-bare-layer
import keras
import numpy as np

keras.backend.clear_session()  # fresh names
keras.utils.set_random_seed(0)

dense = keras.layers.Dense(1)
optimizer = keras.optimizers.SGD(learning_rate=0.1)
x = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
y = keras.ops.convert_to_tensor(x @ np.array([[2.0], [-1.0]], dtype="float32"))  # y = 2 x1 - x2
dense.build(x.shape)  # create the kernel and the bias now


def mse(prediction):
    return keras.ops.mean((prediction - y) ** 2)


def loss_and_gradients():
    """The loss, and its gradients for the layer's weights: each backend
    differentiates in its own way."""
    weights = dense.trainable_weights
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = mse(dense(x))
        return loss, tape.gradient(loss, weights)
    if keras.backend.backend() == "jax":
        import jax

        def loss_of(values):  # a pure function of the weights' values
            prediction, _ = dense.stateless_call(values, [], x)
            return mse(prediction)

        return jax.value_and_grad(loss_of)([w.value for w in weights])
    if keras.backend.backend() == "torch":
        import torch

        loss = mse(dense(x))
        return loss, torch.autograd.grad(loss, [w.value for w in weights])
    raise NotImplementedError(keras.backend.backend())


for step in range(100):
    loss, grads = loss_and_gradients()
    optimizer.apply(grads, dense.trainable_weights)  # the same on every backend
print(f"loss after 100 steps: {float(keras.ops.convert_to_numpy(loss)):.2e}")
print("learned kernel:", dense.get_weights()[0].round(3).ravel().tolist())

# %% nested-layers
inner = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)],
                         name="inner")
outer = keras.Sequential([keras.Input(shape=(3,)), inner, keras.layers.Dense(1)], name="outer")
print("outer.layers:", [layer.name for layer in outer.layers])
print("inner.layers:", [layer.name for layer in inner.layers])
print("outer.count_params():", outer.count_params(), "=", inner.count_params(), "+",
      outer.layers[-1].count_params())
