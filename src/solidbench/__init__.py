"""solidbench: solid-state benchmarks of machine-learned force fields against Lennard-Jones argon."""

__version__ = "0.1.0"
