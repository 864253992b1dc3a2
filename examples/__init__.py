"""tinynn's examples: run each as a script, e.g. python3 examples/xor.py."""
