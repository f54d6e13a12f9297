"""
Title: One layer, one set of weights: sharing, tying and copying
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: One Embedding(1000, 128) shared by two integer inputs of any
    length. The second call of a layer creates no variable; the parameter
    count follows from the kernel shapes fixed at the first call. In a small
    siamese model the LSTM's weights are tied: changing the kernel changes
    both branches, the model lists it once, and its gradient is the sum of the
    gradients through each call (computed with each backend's autodiff).
    Training moves the one kernel. A clone, or a layer made from the config,
    gets new weights instead.
"""

# %% shared-embedding
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: embedding, lstm
keras.utils.set_random_seed(0)

# Two texts of any length, as word indices from one vocabulary of 1,000 words.
question = keras.Input(shape=(None,), dtype="int32", name="question")
answer = keras.Input(shape=(None,), dtype="int32", name="answer")
embedding = keras.layers.Embedding(1000, 128)  # one table: a 128-vector per word
question_vectors = embedding(question)
answer_vectors = embedding(answer)
print("question:", question_vectors.shape, " answer:", answer_vectors.shape)
print(f"table {tuple(embedding.embeddings.shape)}: {embedding.count_params():,} parameters")

texts = keras.Model([question, answer], [question_vectors, answer_vectors])
questions = np.array([[5, 17, 42, 9, 3], [8, 8, 2, 11, 4]])  # 2 texts of 5 words
answers = np.array([[42, 8, 1, 5, 300, 7, 2], [9, 3, 3, 12, 6, 1, 999]])  # 2 of 7
q, r = texts.predict([questions, answers], verbose=0)
print("a batch of 5-word questions:", q.shape, " of 7-word answers:", r.shape)
print("word 42 gets the same vector in both:", np.array_equal(q[0, 2], r[0, 0]))

# %% second-call
lstm = keras.layers.LSTM(32)
lstm(keras.Input(shape=(280, 128)))  # call 0 builds the layer
after_first = [id(w) for w in lstm.weights]
lstm(keras.Input(shape=(250, 128)))  # call 1 reuses it
after_second = [id(w) for w in lstm.weights]

print("variables after call 0:", len(after_first))
print("variables after call 1:", len(after_second))
print("same variable objects:", after_first == after_second)

# %% param-count
units, features = 32, 128
for w in lstm.weights:
    print(f"{w.path:32} {str(tuple(w.shape)):11} {int(np.prod(w.shape)):>6,}")
# 4 weight blocks: the input, forget and output gates and the candidate
# cell value, each with a kernel, a recurrent kernel and a bias
formula = 4 * (features * units + units * units + units)
print(f"4 x ({features}*{units} + {units}*{units} + {units}) = {formula:,}")
print(f"count_params() = {lstm.count_params():,}")

# %% siamese-model
@keras.saving.register_keras_serializable(package="shared_layers")
class AbsoluteDifference(keras.layers.Layer):
    """|a - b|, element by element: the same whichever input comes first."""

    def call(self, inputs):
        vector_a, vector_b = inputs
        return keras.ops.abs(vector_a - vector_b)


shared = keras.layers.LSTM(16, name="shared_lstm")
seq_a = keras.Input(shape=(12, 8), name="seq_a")  # 12 time steps
seq_b = keras.Input(shape=(9, 8), name="seq_b")  # 9 time steps
vec_a = shared(seq_a)
vec_b = shared(seq_b)
distance = AbsoluteDifference(name="distance")([vec_a, vec_b])
score = keras.layers.Dense(1, activation="sigmoid", name="score")(distance)
siamese = keras.Model([seq_a, seq_b], score)
siamese.summary(line_length=80)

# %% tied
branches = keras.Model([seq_a, seq_b], [vec_a, vec_b])  # both calls' outputs
rng = np.random.default_rng(0)
probe_a = rng.normal(size=(4, 12, 8)).astype("float32")
probe_b = rng.normal(size=(4, 9, 8)).astype("float32")

kernel = shared.cell.kernel  # the LSTM's input kernel, shape (8, 64)
saved = keras.ops.convert_to_numpy(kernel).copy()  # a snapshot, never a view
old_a, old_b = branches.predict([probe_a, probe_b], verbose=0)
kernel.assign(saved * 2)  # change the one kernel...
new_a, new_b = branches.predict([probe_a, probe_b], verbose=0)
kernel.assign(saved)  # ...and put it back
print("branch a changed:", not np.allclose(old_a, new_a))
print("branch b changed:", not np.allclose(old_b, new_b))
print("the model's trainable weights:")
for w in siamese.trainable_weights:
    print("   ", w.path, tuple(w.shape))

# %% gradients
def kernel_gradient(loss_of):
    """The gradient of loss_of(layer) with respect to the kernel. Keras has no
    backend-neutral "gradient of": each backend computes it its own way."""
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_of(shared)
        gradient = tape.gradient(loss, kernel)
    elif backend == "jax":
        import jax

        values = [v.value for v in shared.trainable_variables]
        fixed = [v.value for v in shared.non_trainable_variables]
        where = [v is kernel for v in shared.trainable_variables].index(True)

        def loss_for(values):  # the loss as a pure function of the weights' values
            return loss_of(lambda x: shared.stateless_call(values, fixed, x)[0])

        gradient = jax.grad(loss_for)(values)[where]
    else:  # torch
        kernel.value.grad = None
        loss_of(shared).backward()
        gradient = kernel.value.grad
    return keras.ops.convert_to_numpy(gradient)


def loss_a(layer):  # any loss of call a's output
    return keras.ops.sum(keras.ops.square(layer(probe_a)))


def loss_b(layer):  # any loss of call b's output
    return keras.ops.sum(keras.ops.square(layer(probe_b)))


grad_a = kernel_gradient(loss_a)
grad_b = kernel_gradient(loss_b)
grad_both = kernel_gradient(lambda layer: loss_a(layer) + loss_b(layer))
print("gradient, kernel[0, :4]")
print("  through call a only:", grad_a[0, :4].round(4))
print("  through call b only:", grad_b[0, :4].round(4))
print("  sum of the two:     ", (grad_a + grad_b)[0, :4].round(4))
print("  through both calls: ", grad_both[0, :4].round(4))
print("both calls == the sum, everywhere:", np.allclose(grad_both, grad_a + grad_b, atol=1e-7))

# %% train
# Synthetic task: do the two sequences come from the same class? Class 1 is
# shifted up, class 0 down; the label does not depend on which comes first.
class_a = rng.integers(0, 2, size=256)
class_b = rng.integers(0, 2, size=256)
x_a = (rng.normal(size=(256, 12, 8)) + (class_a - 0.5)[:, None, None]).astype("float32")
x_b = (rng.normal(size=(256, 9, 8)) + (class_b - 0.5)[:, None, None]).astype("float32")
y = (class_a == class_b).astype("float32")

before = keras.ops.convert_to_numpy(kernel).copy()
siamese.compile(optimizer=keras.optimizers.Adam(learning_rate=0.004),
                loss="binary_crossentropy", metrics=["accuracy"])
history = siamese.fit([x_a, x_b], y, epochs=5, batch_size=64, verbose=0)
after = keras.ops.convert_to_numpy(kernel)

print("kernel changed by training:", not np.array_equal(before, after))
print(f"largest change in the kernel: {np.abs(after - before).max():.4f}")
print(f"accuracy: epoch 1 {history.history['accuracy'][0]:.3f},"
      f" epoch 5 {history.history['accuracy'][-1]:.3f}")

# %% picture
import matplotlib.pyplot as plt
from layer_graph import plot_layer_calls

plot_layer_calls(siamese)
plt.show()

# %% copy-not-share
# The same architecture with its own, new weights: a clone of a model, or a
# layer made again from its config.
encoder = keras.Model(seq_a, vec_a)
clone = keras.models.clone_model(encoder)
twin = keras.layers.LSTM.from_config(shared.get_config())
twin.build((None, 12, 8))
for name, copy in (("clone_model", clone), ("from_config", twin)):
    shares = any(w is v for w in copy.weights for v in shared.weights)
    same = np.array_equal(keras.ops.convert_to_numpy(copy.weights[0]), after)
    print(f"{name}: shares a variable: {shares}, same kernel values: {same}")
