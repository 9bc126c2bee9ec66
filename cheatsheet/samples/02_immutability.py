"""
Immutability and functional updates
===================================

JAX arrays cannot be changed after they are created. The ``.at[...]`` helpers return an
updated copy, and printing the original afterwards shows it is exactly as before.
"""
import jax.numpy as jnp

x = jnp.arange(5)
print(x)  # -> [0 1 2 3 4]
y = x.at[0].set(99)      # a new array with the first element replaced
print(y)  # -> [99 1 2 3 4]
z = x.at[1].add(10)      # a new array with 10 added to the second element
print(z)  # -> [ 0 11 2 3 4]
print(x)  # -> [0 1 2 3 4]
