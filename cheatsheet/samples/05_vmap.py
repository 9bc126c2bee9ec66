"""
vmap: write for one, run for a batch
====================================

``dot`` below only knows about a single pair of vectors. ``vmap`` lifts it to work on
whole stacks of them, and ``in_axes`` lets one argument be shared by every example.
"""
import jax.numpy as jnp
from jax import vmap

def dot(a, b):
    return jnp.dot(a, b)         # handles one pair of vectors

A = jnp.ones((4, 3))
B = jnp.ones((4, 3))
print(vmap(dot)(A, B))           # batched over the leading axis -> [3. 3. 3. 3.]

# keep the second argument the same for every example:
add = vmap(lambda x, y: x + y, in_axes=(0, None))
print(add(jnp.arange(3), 10))    # -> [10 11 12]
