"""
Title: One layer, one set of weights: the proof
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: The second call of a layer creates no variable; the parameter
    count follows from the kernel shapes fixed at the first call; and after
    training a small siamese model, the one kernel has changed and both
    branches compute with it.
"""

# %% second-call
import keras
import numpy as np

keras.backend.clear_session()  # fresh names: lstm, not lstm_3
keras.utils.set_random_seed(0)

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
shared = keras.layers.LSTM(16, name="shared_lstm")
seq_a = keras.Input(shape=(12, 8), name="seq_a")  # 12 time steps
seq_b = keras.Input(shape=(9, 8), name="seq_b")  # 9 time steps
vec_a = shared(seq_a)
vec_b = shared(seq_b)
difference = keras.layers.Subtract(name="difference")([vec_a, vec_b])  # a - b
score = keras.layers.Dense(1, activation="sigmoid", name="score")(difference)
siamese = keras.Model([seq_a, seq_b], score)
siamese.summary(line_length=80)

# %% train
# Synthetic task: is the mean of sequence a larger than that of sequence b?
rng = np.random.default_rng(0)
x_a = rng.normal(size=(512, 12, 8)).astype("float32")
x_b = rng.normal(size=(512, 9, 8)).astype("float32")
y = (x_a.mean(axis=(1, 2)) > x_b.mean(axis=(1, 2))).astype("float32")

kernel = shared.cell.kernel  # the LSTM's input kernel, shape (8, 64)
before = keras.ops.convert_to_numpy(kernel).copy()  # a snapshot, never a view
siamese.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = siamese.fit([x_a, x_b], y, epochs=5, batch_size=64, verbose=0)
after = keras.ops.convert_to_numpy(kernel)

print("LSTM layers in the model:", sum(isinstance(l, keras.layers.LSTM) for l in siamese.layers))
print("kernel changed by training:", not np.array_equal(before, after))
print(f"largest change in the kernel: {np.abs(after - before).max():.4f}")
print(f"accuracy: epoch 1 {history.history['accuracy'][0]:.3f},"
      f" epoch 5 {history.history['accuracy'][-1]:.3f}")

# %% both-branches
# Each branch's output, read from the trained model, equals the one shared
# layer applied to that branch's input.
branches = keras.Model([seq_a, seq_b], [vec_a, vec_b])
out_a, out_b = branches.predict([x_a[:4], x_b[:4]], verbose=0)
direct_a = keras.ops.convert_to_numpy(shared(x_a[:4]))
direct_b = keras.ops.convert_to_numpy(shared(x_b[:4]))
print("branch a == shared(x_a):", np.allclose(out_a, direct_a, atol=1e-6))
print("branch b == shared(x_b):", np.allclose(out_b, direct_b, atol=1e-6))

# %% picture
import matplotlib.pyplot as plt

from layer_graph import plot_layer_calls

plot_layer_calls(siamese)
plt.show()
