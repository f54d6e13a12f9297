"""
Title: The blog's K.dot experiment, in Keras 2 style
Page: docs/symbolic-tensors.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: K.placeholder and K.dot through the tf_keras package (Keras 2).
    Run today (eager by default) they give Keras tensors with a shape and no
    values; inside a graph they give the blog's graph tensors, and values
    appear only when data is fed through a function built on them. Run it
    and it ends with the AttributeError that asking a graph tensor for its
    values raises.
"""

# %% today
import numpy as np
import tensorflow as tf
import tf_keras

tf_keras.backend.clear_session()  # fresh names: input_1, not input_7
tf_keras.utils.set_random_seed(0)
K = tf_keras.backend

x = K.placeholder(shape=(2, 3))
y = K.placeholder(shape=(3, 4))
xy = K.dot(x, y)
print("executing eagerly:", tf.executing_eagerly())
print("xy:", repr(xy))
print("x comes from a", type(x._keras_history.layer).__name__)
print("xy has values (.numpy):", hasattr(xy, "numpy"))

# %% graph
graph = tf.Graph()  # a fresh graph: its op names start from scratch
with graph.as_default():
    x = K.placeholder(shape=(2, 3))
    y = K.placeholder(shape=(3, 4))
    xy = K.dot(x, y)
print(repr(x))
print(repr(y))
print(repr(xy))
print("tf_keras.backend has get_graph:", hasattr(K, "get_graph"))
print("operations in the graph:", [op.type for op in graph.get_operations()])

with tf.Graph().as_default():  # another fresh graph, ten products
    names = [K.dot(K.placeholder(shape=(2, 3)), K.placeholder(shape=(3, 4))).name
             for _ in range(10)]
print("names of ten products in one graph:", names[0], "...", names[-1])

with tf.Graph().as_default() as layered:  # a fresh graph: three Dense layers, then K.dot
    h = K.placeholder(shape=(2, 3))
    for units in (4, 4, 3):
        h = tf_keras.layers.Dense(units)(h)
    after_dense = K.dot(h, K.placeholder(shape=(3, 4)))
matmuls = [op.name for op in layered.get_operations() if op.type == "MatMul"]
print("products in a graph with three Dense layers:", matmuls)
print("so K.dot's product is named:", after_dense.name)

# %% picture
import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

# One box per operation of the real graph, one arrow per tensor between them,
# labelled with that tensor's name and static shape.
ops = graph.get_operations()
where = {x.op.name: (0, 0.6), y.op.name: (0, -0.6), xy.op.name: (2.2, 0)}
python_name = {x.op.name: "x", y.op.name: "y", xy.op.name: "xy"}
fig, ax = plt.subplots(figsize=(7, 2.6))
for op in ops:
    px, py = where[op.name]
    ax.add_patch(FancyBboxPatch((px - 0.55, py - 0.22), 1.1, 0.44,
                                boxstyle="round,pad=0.02", facecolor="#dbe9f6",
                                edgecolor="#4a78a8", linewidth=1.5))
    ax.text(px, py + 0.07, f"{python_name[op.name]}: {op.name}", ha="center",
            va="center", fontsize=9, fontweight="bold")
    ax.text(px, py - 0.1, f"op type: {op.type}", ha="center", va="center",
            fontsize=8, color="#444444")
    for tensor in op.inputs:
        sx, sy = where[tensor.op.name]
        ax.annotate("", xy=(px - 0.58, py), xytext=(sx + 0.58, sy),
                    arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.2})
        ax.text((sx + px) / 2, (sy + py) / 2 + 0.12, f"{tensor.name} {tuple(tensor.shape)}",
                ha="center", fontsize=8, bbox={"facecolor": "white", "edgecolor": "none"})
ax.annotate("", xy=(3.9, 0), xytext=(2.78, 0),
            arrowprops={"arrowstyle": "->", "color": "#c4620b", "lw": 1.2})
ax.text(3.35, 0.12, f"{xy.name} {tuple(xy.shape)}", ha="center", fontsize=8,
        color="#c4620b")
ax.text(3.35, -0.2, "no values until fed", ha="center", fontsize=8, color="#c4620b")
ax.set_xlim(-0.7, 4.0)
ax.set_ylim(-1.0, 1.0)
ax.axis("off")
fig.tight_layout()
plt.show()

# %% feed
a = np.arange(6, dtype="float32").reshape(2, 3)
b = np.arange(12, dtype="float32").reshape(3, 4)
with graph.as_default():
    product = K.function([x, y], [xy])  # a callable that feeds the placeholders
    (values,) = product([a, b])
print(values)
print("equals a @ b:", np.array_equal(values, a @ b))

# %% no-values (raises AttributeError)
xy.numpy()
