"""The domain: what a framework means and how its versions compare, free of outside systems."""
