"""
The transform mental model
==========================

Write a small, pure function, then wrap it. ``grad`` turns the loss into a function that
returns its derivatives, and ``jit`` turns it into a compiled function that gives the same
answer faster on repeated calls. Neither changes the original ``loss``.
"""
import jax
import jax.numpy as jnp
from jax import grad, jit, vmap

def predict(w, b, x):
    return w * x + b

def loss(w, b, xs, ys):
    preds = predict(w, b, xs)
    return jnp.mean((preds - ys) ** 2)

xs = jnp.array([1., 2., 3.])
ys = jnp.array([2., 4., 6.])

# grad: a new function for the derivatives of loss with respect to w and b
gw, gb = grad(loss, argnums=(0, 1))(0.0, 0.0, xs, ys)
print(gw, gb)  # -> -18.67 -8.0

# jit: a compiled version of loss for fast repeated calls
fast_loss = jit(loss)
print(fast_loss(0.0, 0.0, xs, ys).block_until_ready())  # -> 18.67
