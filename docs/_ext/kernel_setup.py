# Hidden first cell of every executed page (added by docs/_ext/kerasdocs.py).
# 1. TensorFlow writes start-up messages (oneDNN, CUDA) straight to file
#    descriptor 2, which the kernel would show in the first output: send that
#    descriptor to /dev/null while TensorFlow loads and finds its devices.
# 2. Tracebacks keep no machine paths: site-packages and the standard library
#    are shortened to <site-packages> and <python>.
# 3. The versions this page runs with are glued for the page footer.
import os
import sys
import sysconfig

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_stderr = os.dup(2)
_devnull = os.open(os.devnull, os.O_WRONLY)
os.dup2(_devnull, 2)
try:
    import tensorflow as _tf

    _tf.config.list_physical_devices()
    _tf.constant(0.0).numpy()
    import keras as _keras
    import tf_keras as _tf_keras
finally:
    os.dup2(_stderr, 2)
    os.close(_devnull)
    os.close(_stderr)

_paths = sysconfig.get_paths()
_replace = [(os.path.realpath(_paths[k]), v) for k, v in
            (("purelib", "<site-packages>"), ("platlib", "<site-packages>"),
             ("stdlib", "<python>"))]
_replace += [(p.replace(os.path.expanduser("~"), "~", 1), v) for p, v in _replace]
_replace += [(os.path.realpath(os.path.join(os.getcwd(), "..", "examples")), "examples"),
             (os.path.realpath(os.getcwd()), "<docs>"), (sys.prefix, "<venv>")]


def _clean(text):
    for path, label in _replace:
        text = text.replace(path, label)
    return text


_shell = get_ipython()  # noqa: F821  (defined in every IPython kernel)
_show = _shell._showtraceback
_shell._showtraceback = lambda etype, value, stb: _show(etype, value, [_clean(s) for s in stb])

from myst_nb import glue  # noqa: E402

glue("tensorflow_version", _tf.__version__, display=False)
glue("keras_version", _keras.__version__, display=False)
glue("tf_keras_version", _tf_keras.__version__, display=False)
del _tf, _keras, _tf_keras, _stderr, _devnull, _paths
