"""
lax.scan: the carry-and-collect loop
====================================

``lax.scan`` threads a carry through a sequence and stacks what each step emits. Here the
carry is a running total, so the collected outputs are the prefix sums.
"""
import jax.numpy as jnp
from jax import lax

def body(carry, x):
    carry = carry + x
    return carry, carry          # (next carry, this step's output)

total, prefix_sums = lax.scan(body, 0, jnp.arange(4))
print(total)  # -> 6
print(prefix_sums)  # -> [0 1 3 6]
