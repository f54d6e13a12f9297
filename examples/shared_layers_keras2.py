"""
Title: The blog's shared-LSTM experiment, in Keras 2 style
Page: docs/shared-layers.md
Backends: tensorflow (TensorFlow-only code: tf_keras or tf.*)
Description: One LSTM(32) called on two Inputs with different numbers of time
    steps, through the tf_keras package (Keras 2). Each call on a symbolic
    tensor is recorded as a node with its own input and output shape, which
    get_input_shape_at(i) and get_output_at(i) read; the weights are created
    once.
    Run it and it ends with the ValueError that a different feature size raises.
"""

# %% experiment
import tf_keras
from tf_keras import layers

tf_keras.backend.clear_session()  # fresh names: lstm, not lstm_3
tf_keras.utils.set_random_seed(0)

a = tf_keras.Input(shape=(280, 128))  # 280 time steps, 128 features
b = tf_keras.Input(shape=(250, 128))  # 250 time steps, 128 features
lstm = layers.LSTM(32)
encoded_a = lstm(a)  # call 0
encoded_b = lstm(b)  # call 1

print("get_input_shape_at(0) ->", lstm.get_input_shape_at(0))
print("get_input_shape_at(1) ->", lstm.get_input_shape_at(1))
print("get_output_shape_at(0) ->", lstm.get_output_shape_at(0))
print("get_output_shape_at(1) ->", lstm.get_output_shape_at(1))
print("get_output_at(0) is encoded_a:", lstm.get_output_at(0) is encoded_a)
print("get_output_at(1) is encoded_b:", lstm.get_output_at(1) is encoded_b)
print("lstm.output is encoded_a:", lstm.output is encoded_a)  # call 0's, as in Keras 3

# %% weights
print("inbound nodes (one per call):", len(lstm.inbound_nodes))
for w in lstm.weights:
    print(f"{w.name:35} {str(tuple(w.shape)):11}")
print("parameters:", lstm.count_params())

# %% feature-mismatch (raises ValueError)
c = tf_keras.Input(shape=(250, 64))  # 64 features instead of 128
lstm(c)
