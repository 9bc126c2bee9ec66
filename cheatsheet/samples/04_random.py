"""
Explicit randomness: split before you draw
==========================================

A key fully determines the numbers drawn from it. Splitting gives fresh keys for separate
draws, while handing the same key to the same sampler twice reproduces the result exactly.
"""
import jax

key = jax.random.key(0)          # the seed makes every run repeatable
k1, k2 = jax.random.split(key)   # two keys that are independent of each other

a = jax.random.normal(k1, (3,))  # give each draw its own key
print(a)  # -> [ 1.0040 -0.9063 -0.7482]
b = jax.random.uniform(k2, (3,)) # a separate stream of numbers
print(b)  # -> [0.0073 0.0209 0.5814]

# the same key always produces the same numbers:
print(jax.random.normal(key, (3,)))  # -> [ 1.6226  2.0253 -0.4336]
print(jax.random.normal(key, (3,)))  # -> [ 1.6226  2.0253 -0.4336]
