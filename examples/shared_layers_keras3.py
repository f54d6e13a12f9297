"""
Title: One layer, two calls, in Keras 3
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: One LSTM(32) called on two Inputs with different numbers of time
    steps: each call returns its own tensor, layer.input and layer.output are
    call 0's, and the model summary lists the one layer connected to both
    inputs. Run it and it ends with the AttributeError that Keras 2's
    get_output_at raises in Keras 3.
"""

# %% experiment
import keras

keras.backend.clear_session()  # fresh names: lstm, not lstm_3
keras.utils.set_random_seed(0)

a = keras.Input(shape=(280, 128), name="a")  # 280 time steps, 128 features
b = keras.Input(shape=(250, 128), name="b")  # 250 time steps, 128 features
lstm = keras.layers.LSTM(32)
encoded_a = lstm(a)  # call 0
encoded_b = lstm(b)  # call 1

print("call 0:", a.shape, "->", encoded_a.shape)
print("call 1:", b.shape, "->", encoded_b.shape)

# %% call-records
# The layer's own record answers for call 0 only: layer.input, layer.output.
print("lstm.input is a:", lstm.input is a)
print("lstm.output is encoded_a:", lstm.output is encoded_a)
print("lstm.output is encoded_b:", lstm.output is encoded_b)
keras2_only = ["get_input_at", "get_output_at", "get_input_shape_at",
               "get_output_shape_at", "input_shape", "output_shape", "inbound_nodes"]
print("Keras 2 accessors the layer still has:", [n for n in keras2_only if hasattr(lstm, n)])

# %% summary
model = keras.Model(inputs=[a, b], outputs=[encoded_a, encoded_b])
model.summary(line_length=80)

# %% removed-accessors (raises AttributeError)
lstm.get_output_at(1)
