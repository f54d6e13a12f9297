"""
Title: Draw which layer is called on what (a helper, not a lesson)
Page: docs/shared-layers.md
Backends: tensorflow, jax, torch
Description: plot_layer_calls(model) draws a Keras 3 functional model from its
    real call records: one box per layer object, one arrow per call, labelled
    with the call's index and input shape. A shared layer is one box with
    several incoming calls. Needs only matplotlib (no Graphviz).
"""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch


def _calls(model):
    """Yield (producer, consumer, label) for every tensor passed in a call."""
    in_model = {id(op) for op in model.operations}
    for op in model.operations:
        for index, node in enumerate(op._inbound_nodes):
            for tensor in node.input_tensors:
                producer, produced_by_call, _ = tensor._keras_history
                if id(producer) not in in_model:
                    continue
                label = str(tuple(tensor.shape))
                if len(producer._inbound_nodes) > 1:
                    label = f"from call {produced_by_call}: {label}"
                if len(op._inbound_nodes) > 1:
                    label = f"call {index}: {label}"
                yield producer, op, label


def plot_layer_calls(model, figsize=(8, 3.4)):
    """Draw `model` as boxes (layer objects) and arrows (calls)."""
    calls = list(_calls(model))
    depth = {id(op): 0 for op in model.operations}
    for _ in model.operations:  # longest path from an input: simple relaxation
        for producer, consumer, _ in calls:
            depth[id(consumer)] = max(depth[id(consumer)], depth[id(producer)] + 1)
    columns = {}
    for op in model.operations:
        columns.setdefault(depth[id(op)], []).append(op)
    where = {}
    for x, ops in columns.items():
        for i, op in enumerate(ops):
            where[id(op)] = (1.8 * x, (len(ops) - 1) / 2 - i)

    fig, ax = plt.subplots(figsize=figsize)
    for op in model.operations:
        x, y = where[id(op)]
        shared = len(op._inbound_nodes) > 1
        ax.add_patch(FancyBboxPatch(
            (x - 0.5, y - 0.17), 1.0, 0.34, boxstyle="round,pad=0.02",
            facecolor="#fde2b8" if shared else "#dbe9f6",
            edgecolor="#c4620b" if shared else "#4a78a8", linewidth=1.5))
        ax.text(x, y + 0.05, op.name, ha="center", va="center", fontsize=9,
                fontweight="bold")
        ax.text(x, y - 0.08, type(op).__name__, ha="center", va="center",
                fontsize=8, color="#444444")
    pairs = {}
    for producer, consumer, label in calls:
        pairs.setdefault((id(producer), id(consumer)), []).append(label)
    for (producer, consumer), labels in pairs.items():
        (x0, y0), (x1, y1) = where[producer], where[consumer]
        for k, label in enumerate(labels):
            # several tensors between the same two boxes: draw them side by side
            shift = 0.0 if len(labels) == 1 else 0.09 * ((len(labels) - 1) / 2 - k)
            ax.annotate("", xy=(x1 - 0.52, y1 + shift), xytext=(x0 + 0.52, y0 + shift),
                        arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.2})
            above = shift >= 0 and y1 >= y0
            ax.text((x0 + x1) / 2, (y0 + y1) / 2 + shift + (0.05 if above else -0.1),
                    label, ha="center", fontsize=7.5, color="#1f1f1f",
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xlim(-0.6, 1.8 * max(columns) + 0.6)
    ax.set_ylim(-1.0, 1.0)
    ax.axis("off")
    fig.tight_layout()
    return fig
