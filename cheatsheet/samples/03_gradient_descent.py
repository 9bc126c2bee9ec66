"""
A tiny gradient-descent loop (grad + jit + pytree)
==================================================

The parameters live in a dict, which JAX treats as a pytree. ``grad`` returns a dict of
the same shape, ``jax.tree.map`` applies the update to every entry, and ``jit`` compiles
the whole step. After a few hundred steps the fit recovers the line y = 2x.
"""
import jax
import jax.numpy as jnp
from jax import grad, jit

# the parameters, stored as a pytree (a dict of arrays)
params = {"w": jnp.array(0.0), "b": jnp.array(0.0)}
xs = jnp.array([1., 2., 3.])
ys = jnp.array([2., 4., 6.])

def loss(params, xs, ys):
    preds = params["w"] * xs + params["b"]
    return jnp.mean((preds - ys) ** 2)

@jit
def step(params, xs, ys, lr=0.1):
    grads = grad(loss)(params, xs, ys)          # a dict laid out like params
    return jax.tree.map(lambda p, g: p - lr * g, params, grads)

for _ in range(200):
    params = step(params, xs, ys)
print(jax.tree.map(float, params))  # -> ~{'b': 0.0, 'w': 2.0}
