"""
Title: The gradient of an Embedding's table, on each backend
Page: docs/embedding-vs-input.md
Backends: tensorflow, jax, torch
Description: The gradient of a model's loss with respect to the table,
    computed the way each backend computes gradients (tf.GradientTape,
    jax.grad, torch backward): a (4, 5) table with a nonzero gradient only in
    the rows looked up. Its type differs: IndexedSlices on TensorFlow, a dense
    array on JAX and PyTorch.
"""

# %% gradient
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, not embedding_3
keras.utils.set_random_seed(0)

words = keras.Input(shape=(7,), dtype="int32")
embedding = keras.layers.Embedding(4, 5)
score = keras.layers.Dense(1)(keras.layers.Flatten()(embedding(words)))
model = keras.Model(words, score)
indices = np.array([[0, 1, 0, 1, 1, 0, 3]])
target = np.array([[1.0]])


def loss_of(prediction):
    return keras.ops.mean(keras.losses.mean_squared_error(target, prediction))


# Keras has no backend-neutral "gradient of": each backend has its own.
backend = keras.backend.backend()
if backend == "tensorflow":
    import tensorflow as tf

    with tf.GradientTape() as tape:
        loss = loss_of(model(indices))
    gradient = tape.gradient(loss, embedding.embeddings)
elif backend == "jax":
    import jax

    def loss_for(values):  # the loss as a pure function of the trainable values
        prediction, _ = model.stateless_call(values, model.non_trainable_variables, indices)
        return loss_of(prediction)

    values = [v.value for v in model.trainable_variables]  # [0] is the table
    gradient = jax.grad(loss_for)(values)[0]
else:  # torch
    loss_of(model(indices)).backward()
    gradient = embedding.embeddings.value.grad

print("gradient type:", type(gradient).__name__)
dense = keras.ops.convert_to_numpy(gradient)
print("as an array:  ", dense.shape)
print("rows with a nonzero gradient:", np.flatnonzero(np.abs(dense).sum(axis=1)).tolist())
