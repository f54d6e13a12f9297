"""
Title: When a subclass of keras.Model is needed
Page: docs/model-vs-layer.md
Backends: tensorflow, jax, torch
Description: A subclass that only overrides train_step can still be built
    like a functional model, from inputs and outputs: here its train_step
    weights each sample's loss by |y| and trains exactly as fit with
    sample_weight=|y| does. A forward pass that branches on a tensor's value
    trains on every backend when the branch is written with keras.ops.where
    or keras.ops.cond. Run it and it ends with the error a Python `if` on the
    value raises inside fit: OperatorNotAllowedInGraphError on TensorFlow,
    RuntimeError on JAX; on PyTorch, which runs fit eagerly, it trains.
"""

# %% train-step
import keras
import numpy as np

keras.backend.clear_session()  # fresh names
keras.utils.set_random_seed(0)


class TargetWeighted(keras.Model):
    """A model with its own train_step: each sample's loss counts |y| times."""

    def train_step(self, *args):  # (data) on TensorFlow and PyTorch, (state, data) on JAX
        *state, (x, y) = args
        return super().train_step(*state, (x, y, keras.ops.abs(y)))


inputs = keras.Input(shape=(4,))
weighted = TargetWeighted(inputs, keras.layers.Dense(1)(inputs))  # built like a functional model
plain = keras.Model(inputs, keras.layers.Dense(1)(inputs))
start = weighted.get_weights()
plain.set_weights(start)  # the same starting point

rng = np.random.default_rng(0)
x = rng.normal(size=(64, 4)).astype("float32")
y = rng.normal(size=(64, 1)).astype("float32")
for model in (weighted, plain):
    model.compile(optimizer="sgd", loss="mse")
weighted.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
plain.fit(x, y, sample_weight=np.abs(y), batch_size=16, epochs=2, shuffle=False, verbose=0)

print("weighted.layers:", [layer.name for layer in weighted.layers])
print("same weights as plain.fit(x, y, sample_weight=|y|):",
      all(np.allclose(a, b, atol=1e-6) for a, b in zip(weighted.get_weights(), plain.get_weights())))

# %% branch-on-a-value
def with_where(h):
    return keras.ops.where(keras.ops.mean(h) > 0, h, -h)


def with_cond(h):
    return keras.ops.cond(keras.ops.mean(h) > 0, lambda: h, lambda: -h)


def with_python_if(h):
    return h if keras.ops.mean(h) > 0 else -h


class SignFlip(keras.Model):
    """Dense(1), negated when the batch's mean output is negative."""

    def __init__(self, flip, **kwargs):
        super().__init__(**kwargs)
        self.flip = flip
        self.dense = keras.layers.Dense(1)

    def call(self, inputs):
        return self.flip(self.dense(inputs))


for flip in (with_where, with_cond):
    model = SignFlip(flip)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    print(f"{flip.__name__}: fit ran {len(history.history['loss'])} epoch")

# %% python-if (raises tensorflow: OperatorNotAllowedInGraphError; jax: RuntimeError)
model = SignFlip(with_python_if)
model.compile(optimizer="sgd", loss="mse")
history = model.fit(x, y, batch_size=16, epochs=1, verbose=0)
print(f"with_python_if: fit ran {len(history.history['loss'])} epoch")
